package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.model.KeyRef;
import dev.loadtest.api.model.Prometheus;
import dev.loadtest.api.model.PrometheusQuery;
import dev.loadtest.cli.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prometheus.* thresholds and abort rules in `loadtest run`, against a loopback server answering as
 * the Prometheus API does (a real Prometheus is used in the operator's tests).
 */
class LocalPrometheusTest {
    @TempDir
    Path dir;

    private HttpServer prometheus;
    private DemoTarget target;
    private final AtomicReference<String> value = new AtomicReference<>("0.5");
    private final AtomicReference<String> auth = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        prometheus.createContext("/api/v1/query", ex -> {
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                            + "\"value\":[1700000000,\"" + value.get() + "\"]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        prometheus.start();
        target = DemoTarget.start(0, new DemoTarget.Options(0.1, -1, 0));
    }

    @AfterEach
    void stop() {
        prometheus.stop(0);
        target.close();
    }

    private Path write(String duration, String judged) throws Exception {
        Path f = dir.resolve("prom.yaml");
        Files.writeString(f, """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: prom}
                spec:
                  target:
                    url: "%s"
                    prometheus:
                      url: http://127.0.0.1:%d
                      queries: [{name: hits, query: "sum(rate(hits[1m]))"}]
                  load: {users: 2, duration: %s}
                  %s
                  scenario:
                    tasks: [{name: home, request: {path: /api/health}}]
                """.formatted(target.url(), prometheus.getAddress().getPort(), duration, judged));
        return f;
    }

    @Test
    void aQueryThresholdIsJudgedOnWhatWasSampled() throws Exception {
        Path out = dir.resolve("out");

        Cli r = Cli.run(
                "run",
                write("2s", "thresholds: [\"prometheus.hits: avg > 80%\"]").toString(),
                "--out",
                out.toString(),
                "--quiet");

        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out())
                .contains("✗ prometheus.hits: avg > 80%  →  avg=0.5000")
                .contains("prometheus.hits: last=0.5000 min=0.5000 max=0.5000 avg=0.5000");
        assertThat(Files.readString(out.resolve("target.json"))).contains("\"hits\"");
    }

    @Test
    void anAbortRuleOnAQueryStopsTheRun() throws Exception {
        long start = System.nanoTime();

        Cli r = Cli.run(
                "run", write("60s", "abort: [\"prometheus.hits: last < 0.6\"]").toString(), "--quiet");

        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.err()).contains("aborted by the abort rule \"prometheus.hits: last < 0.6\" (last=0.5000)");
        assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(20);
    }

    @Test
    void credentialsComeFromTheEnvironmentLocally() throws Exception {
        Prometheus p = new Prometheus();
        p.url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        p.bearerTokenSecret = new KeyRef();
        PrometheusQuery q = new PrometheusQuery();
        q.name = "hits";
        q.query = "up";
        p.queries = List.of(q);
        StringWriter err = new StringWriter();

        LocalPrometheusWatch withToken =
                new LocalPrometheusWatch(p, Map.of(LocalPrometheusWatch.TOKEN_ENV, "s3cret\n"), new PrintWriter(err));
        withToken.finish(System.currentTimeMillis());
        assertThat(auth.get()).isEqualTo("Bearer s3cret");
        assertThat(withToken.observations().prometheus.get("hits")).hasSize(1);

        new LocalPrometheusWatch(p, Map.of(), new PrintWriter(err));
        assertThat(err.toString())
                .contains("bearerTokenSecret is a Kubernetes secret; here set LOADTEST_PROMETHEUS_TOKEN");
    }
}
