package dev.loadtest.engine.http;

import java.io.IOException;

/** A request that got no complete response: a timeout or a connection error. */
public final class HttpException extends IOException {
    public enum Kind {
        TIMEOUT,
        CONNECTION
    }

    private final Kind kind;
    /** True when no byte of a response arrived: a stale keep-alive connection may be retried. */
    private final boolean nothingReceived;

    public HttpException(Kind kind, String message, boolean nothingReceived, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.nothingReceived = nothingReceived;
    }

    public Kind kind() {
        return kind;
    }

    public boolean nothingReceived() {
        return nothingReceived;
    }
}
