package dev.loadtest.engine.http;

import java.net.URI;

/** Scheme, host and port: what a keep-alive connection is bound to. */
public record Origin(boolean tls, String host, int port) {
    public static Origin of(URI uri) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        return new Origin(tls, uri.getHost(), port);
    }

    /** The Host header value: the port is omitted when it is the scheme's default. */
    public String hostHeader() {
        return (tls && port == 443) || (!tls && port == 80) ? host : host + ":" + port;
    }
}
