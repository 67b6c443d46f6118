package dev.loadtest.engine.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A response: status, the headers (kept only when asked for), the body (kept only when a check or
 * extract needs it), and the bytes on the wire.
 */
public final class HttpResponse {
    int status;
    /** Lower-case name, value, name, value... or null when headers were not kept. */
    List<String> headers;

    byte[] body;
    int bodyLength;
    long bytesReceived;
    List<String> setCookies;

    public int status() {
        return status;
    }

    public String header(String name) {
        if (headers == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equals(lower)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    public List<String> setCookies() {
        return setCookies == null ? List.of() : setCookies;
    }

    /** The body as UTF-8 text, or "" when it was not kept. */
    public String bodyText() {
        return body == null ? "" : new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    public byte[] bodyBytes() {
        return body == null ? new byte[0] : java.util.Arrays.copyOf(body, bodyLength);
    }

    /** Drops the body so an idle user holds no response bytes. */
    public void releaseBody() {
        body = null;
        bodyLength = 0;
        headers = null;
    }

    public long bytesReceived() {
        return bytesReceived;
    }
}
