package dev.loadtest.engine.stats;

/** What became of one request; every request has exactly one. */
public enum Outcome {
    SUCCESS("success"),
    HTTP_4XX("http_4xx"),
    HTTP_5XX("http_5xx"),
    TIMEOUT("timeout"),
    CONNECTION_ERROR("connection_error"),
    CHECK_FAILED("check_failed");

    public final String key;

    Outcome(String key) {
        this.key = key;
    }

    public boolean failed() {
        return this != SUCCESS;
    }
}
