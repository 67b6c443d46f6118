package dev.loadtest.operator.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Prometheus (Debian's package) on loopback, scraping every second a local exporter whose
 * one gauge the test sets: {@code demo_cache_hit_ratio}.
 */
public final class LocalPrometheus implements AutoCloseable {
    private final HttpServer exporter;
    private final AtomicReference<String> ratio = new AtomicReference<>("0");
    private final Process process;
    private final Path dir;
    private final int port;

    /** The prometheus binary, if installed. */
    public static Optional<Path> binary() {
        for (String p : new String[] {"/usr/bin/prometheus", "/usr/local/bin/prometheus"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    public LocalPrometheus(Path binary) throws IOException {
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        exporter.createContext("/metrics", ex -> {
            byte[] b = ("# TYPE demo_cache_hit_ratio gauge\ndemo_cache_hit_ratio " + ratio.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        exporter.start();
        dir = Files.createTempDirectory("prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: demo
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(
                        exporter.getAddress().getPort()));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Sets the exporter's gauge and waits until Prometheus has scraped it. */
    public void setRatioAndWait(String value, Duration within) throws Exception {
        ratio.set(value);
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            try {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create(url() + "/api/v1/query?query=demo_cache_hit_ratio"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (body.contains("\"" + value + "\"]")) {
                    return;
                }
            } catch (IOException notYetUp) {
                // Prometheus is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus did not scrape " + value + " within " + within + "; log:\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exporter.stop(0);
    }
}
