package dev.loadtest.engine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.model.Request;
import dev.loadtest.api.template.Template;
import dev.loadtest.engine.http.Origin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request parsed once. When nothing in it depends on the user (no templates, no cookies yet), its
 * bytes are built once and reused for every send, the common case of a plain load test.
 */
final class CompiledRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CRLF = {'\r', '\n'};

    final String method;
    final boolean isHead;
    /**
     * Sending it twice means the same as once (RFC 9110 9.2.2): only such a request is sent again
     * when a kept-alive connection fails before any answer, since the target may have acted on it.
     */
    final boolean idempotent;

    final long timeoutNanos;
    private final URI base;
    private final Template target;
    private final boolean absolute;
    private final List<String> queryKeys = new ArrayList<>();
    private final List<Template> queryValues = new ArrayList<>();
    private final List<String> headerNames = new ArrayList<>();
    private final List<Template> headerValues = new ArrayList<>();
    private final Template body;
    private final boolean jsonBody;
    private final boolean hasContentType;
    private final boolean hasUserAgent;
    private final Origin constantOrigin;
    private final byte[] constantHead; // without the final CRLF, so a Cookie line can be added
    private final byte[] constantTail; // CRLF + body

    CompiledRequest(Request r, URI base, long defaultTimeoutNanos, long timeoutNanos) {
        this.method = r.method == null ? "GET" : r.method;
        this.isHead = method.equals("HEAD");
        this.idempotent = java.util.Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE")
                .contains(method);
        this.base = base;
        this.timeoutNanos = timeoutNanos > 0 ? timeoutNanos : defaultTimeoutNanos;
        this.absolute = r.url != null;
        this.target = Template.parse(absolute ? r.url : r.path);
        if (r.query != null) {
            r.query.forEach((k, v) -> {
                queryKeys.add(k);
                queryValues.add(Template.parse(v));
            });
        }
        boolean ct = false;
        boolean ua = false;
        if (r.headers != null) {
            for (Map.Entry<String, String> h : r.headers.entrySet()) {
                headerNames.add(h.getKey());
                headerValues.add(Template.parse(h.getValue()));
                ct |= h.getKey().equalsIgnoreCase("content-type");
                ua |= h.getKey().equalsIgnoreCase("user-agent");
            }
        }
        this.hasContentType = ct;
        this.hasUserAgent = ua;
        if (r.json != null) {
            try {
                this.body = Template.parse(JSON.writeValueAsString(r.json));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode the JSON body: " + e.getMessage(), e);
            }
            this.jsonBody = true;
        } else {
            this.body = r.body == null ? null : Template.parse(r.body);
            this.jsonBody = false;
        }
        boolean constant = target.isConstant()
                && queryValues.stream().allMatch(Template::isConstant)
                && headerValues.stream().allMatch(Template::isConstant)
                && (body == null || body.isConstant());
        if (constant) {
            URI uri = uri(null);
            this.constantOrigin = Origin.of(uri);
            byte[][] parts = encode(uri, null, null);
            this.constantHead = parts[0];
            this.constantTail = parts[1];
        } else {
            this.constantOrigin = null;
            this.constantHead = null;
            this.constantTail = null;
        }
    }

    /** The path with its template text, for naming the endpoint: GET /api/items/${id}. */
    PreparedRequest prepare(UserContext u, CookieJar cookies) {
        if (constantOrigin != null) {
            String cookie = cookies == null ? null : cookies.header(constantOrigin);
            if (cookie == null) {
                byte[] all = constantBytes();
                return new PreparedRequest(constantOrigin, all, all.length);
            }
            byte[] line = ("Cookie: " + cookie + "\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = concat(concat(constantHead, line), constantTail);
            return new PreparedRequest(constantOrigin, all, all.length);
        }
        URI uri = uri(u);
        Origin origin = Origin.of(uri);
        String cookie = cookies == null ? null : cookies.header(origin);
        byte[][] parts = encode(uri, u, cookie);
        byte[] all = concat(parts[0], parts[1]);
        return new PreparedRequest(origin, all, all.length);
    }

    /** Bytes of the constant request, cached: one array per request definition, not per send. */
    private byte[] cachedConstant;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    byte[] constantBytes() {
        byte[] c = cachedConstant;
        if (c == null && constantOrigin != null) {
            c = concat(constantHead, constantTail);
            cachedConstant = c;
        }
        return c;
    }

    private URI uri(UserContext u) {
        String rendered = u == null ? constantText(target) : Renderer.render(target, u, false);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < queryKeys.size(); i++) {
            query.append(query.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(queryKeys.get(i), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(
                            u == null
                                    ? constantText(queryValues.get(i))
                                    : Renderer.render(queryValues.get(i), u, false),
                            StandardCharsets.UTF_8));
        }
        String full;
        if (absolute) {
            full = rendered;
        } else {
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            if (basePath.endsWith("/")) {
                basePath = basePath.substring(0, basePath.length() - 1);
            }
            full = base.getScheme() + "://" + base.getRawAuthority() + basePath + rendered;
        }
        if (!query.isEmpty()) {
            full += (full.contains("?") ? "&" : "?") + query;
        }
        return URI.create(UriText.requote(full));
    }

    private static String constantText(Template t) {
        StringBuilder b = new StringBuilder();
        t.parts().forEach(b::append);
        return b.toString();
    }

    /** [head without the blank line, CRLF + body]. */
    private byte[][] encode(URI uri, UserContext u, String cookie) {
        Origin origin = Origin.of(uri);
        StringBuilder h = new StringBuilder(128);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        h.append(method).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            h.append('?').append(uri.getRawQuery());
        }
        h.append(" HTTP/1.1\r\nHost: ").append(origin.hostHeader()).append("\r\n");
        if (!hasUserAgent) {
            h.append("User-Agent: loadtest/0.1\r\n");
        }
        for (int i = 0; i < headerNames.size(); i++) {
            String v = u == null ? constantText(headerValues.get(i)) : Renderer.render(headerValues.get(i), u, false);
            h.append(headerNames.get(i)).append(": ").append(v).append("\r\n");
        }
        if (cookie != null) {
            h.append("Cookie: ").append(cookie).append("\r\n");
        }
        byte[] bodyBytes = null;
        if (body != null) {
            String text = u == null ? constantText(body) : Renderer.render(body, u, jsonBody);
            bodyBytes = text.getBytes(StandardCharsets.UTF_8);
            if (jsonBody && !hasContentType) {
                h.append("Content-Type: application/json\r\n");
            }
        }
        if (bodyBytes != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            h.append("Content-Length: ")
                    .append(bodyBytes == null ? 0 : bodyBytes.length)
                    .append("\r\n");
        }
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tail = new ByteArrayOutputStream(2 + (bodyBytes == null ? 0 : bodyBytes.length));
        tail.writeBytes(CRLF);
        if (bodyBytes != null) {
            tail.writeBytes(bodyBytes);
        }
        return new byte[][] {head, tail.toByteArray()};
    }
}
