package dev.loadtest.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real HTTP server on 127.0.0.1 that counts every request it answers, per path, and keeps the
 * request headers and bodies it saw, so tests compare the engine's numbers with the target's.
 */
public final class TestServer implements AutoCloseable {
    /** What a handler sees. The JDK server stores header names as "X-user"; {@link #header} looks them up that way. */
    public record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(
                    name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    public record Reply(int status, String body, long delayMs, Map<String, String> headers) {
        public static Reply ok(String body) {
            return new Reply(200, body, 0, Map.of());
        }

        public Reply delayed(long ms) {
            return new Reply(status, body, ms, headers);
        }
    }

    public interface Handler {
        Reply handle(Seen request);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public TestServer on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered on this path (counted before the reply is sent). */
    public long count(String path) {
        LongAdder a = counts.get(path);
        return a == null ? 0 : a.sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public List<Seen> seen() {
        return seen;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = ex.getRequestURI().getPath();
            Seen s = new Seen(
                    ex.getRequestMethod(),
                    path,
                    ex.getRequestURI().getRawQuery(),
                    new java.util.HashMap<>(ex.getRequestHeaders()),
                    body);
            Handler h = handlers.get(path);
            Reply reply = h == null ? new Reply(404, "no handler", 0, Map.of()) : h.handle(s);
            if (reply.delayMs() > 0) {
                try {
                    Thread.sleep(reply.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(s);
            counts.computeIfAbsent(path, k -> new LongAdder()).increment();
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
