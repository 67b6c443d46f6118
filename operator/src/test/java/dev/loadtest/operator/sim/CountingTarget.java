package dev.loadtest.operator.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/** A loopback HTTP target that counts what it answered, to compare with the operator's merged numbers. */
public final class CountingTarget implements AutoCloseable {
    private final HttpServer server;
    private final LongAdder requests = new LongAdder();
    private final java.util.Map<String, LongAdder> byPath = new java.util.concurrent.ConcurrentHashMap<>();

    public CountingTarget(long delayMs) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex;
                    InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                requests.increment();
                byPath.computeIfAbsent(ex.getRequestURI().getPath(), p -> new LongAdder())
                        .increment();
                byte[] body = "{\"ok\":true}".getBytes();
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long requests() {
        return requests.sum();
    }

    /** Requests answered on one path. */
    public long requests(String path) {
        LongAdder n = byPath.get(path);
        return n == null ? 0 : n.sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
