package dev.loadtest.engine.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Passes and failures of one check on one endpoint. */
@JsonPropertyOrder({"endpoint", "check", "passed", "failed"})
public final class CheckStats {
    public String endpoint;
    public String check;
    public long passed;
    public long failed;

    public CheckStats() {}

    public CheckStats(String endpoint, String check, long passed, long failed) {
        this.endpoint = endpoint;
        this.check = check;
        this.passed = passed;
        this.failed = failed;
    }

    public String key() {
        return endpoint + " › " + check;
    }
}
