package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.TargetStatus;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.LocalPrometheus;
import dev.loadtest.operator.sim.SimulatedCluster;
import dev.loadtest.operator.target.PrometheusSampler;
import dev.loadtest.operator.target.TargetStore;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus query threshold judged against a real Prometheus (Debian's package, installed by
 * .ci/run) that scrapes a local exporter: the same LoadTest passes while the cache hit ratio is
 * 0.9 and fails once it is 0.5.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class PrometheusThresholdEndToEndTest {
    private static final String SPEC = """
            target:
              url: %s
              prometheus:
                url: %s
                queries: [{name: cacheHitRate, query: max(demo_cache_hit_ratio)}]
            load: {users: 2, duration: 3s}
            thresholds: ["prometheus.cacheHitRate: avg > 80%%", "http_req_failed: rate < 1%%"]
            scenario:
              tasks: [{name: ping, request: {path: /ping}}]
            """;

    @Inject
    KubernetesClient client;

    private SimulatedCluster cluster;
    private CountingTarget target;
    private LocalPrometheus prometheus;
    private LoadTests tests;
    private String ns;

    @BeforeEach
    void setUp() throws Exception {
        Path binary = LocalPrometheus.binary().orElse(null);
        assumeTrue(
                binary != null,
                "Debian's prometheus is not installed (.ci/run installs it: apt-get install prometheus)");
        ns = client.getNamespace() == null ? "test" : client.getNamespace();
        cluster = new SimulatedCluster(client, ns);
        target = new CountingTarget(5);
        prometheus = new LocalPrometheus(binary);
        tests = new LoadTests(client, ns);
    }

    @AfterEach
    void tearDown() {
        if (prometheus != null) {
            prometheus.close();
            cluster.close();
            target.close();
        }
    }

    @Test
    void queryThresholdPassesThenFailsWithWhatPrometheusSaw() throws Exception {
        prometheus.setRatioAndWait("0.9", Duration.ofSeconds(30));
        LoadTestResource good = tests.apply(SPEC.formatted(target.url(), prometheus.url()));
        LoadTestStatus passed = tests.awaitEnd(good, Duration.ofSeconds(40));

        prometheus.setRatioAndWait("0.5", Duration.ofSeconds(10));
        LoadTestResource bad = tests.apply(SPEC.formatted(target.url(), prometheus.url()));
        LoadTestStatus failed = tests.awaitEnd(bad, Duration.ofSeconds(40));

        assertThat(passed.phase).as(passed.message).isEqualTo(Phase.Passed);
        TargetStatus.QueryStatus q = passed.target.queries.get(0);
        assertThat(q.name).isEqualTo("cacheHitRate");
        assertThat(q.samples).isGreaterThanOrEqualTo(2);
        assertThat(q.min).isEqualTo(0.9);
        assertThat(q.max).isEqualTo(0.9);
        assertThat(passed.thresholds.get(0).measured).isEqualTo("avg=0.9000");

        assertThat(failed.phase).as(failed.message).isEqualTo(Phase.Failed);
        assertThat(failed.thresholds.get(0).ok).isFalse();
        assertThat(failed.thresholds.get(0).measured).isEqualTo("avg=0.5000");
        assertThat(failed.thresholds.get(1).ok)
                .as("the requests themselves were fine")
                .isTrue();
        assertThat(failed.message).contains("prometheus.cacheHitRate: avg > 80% (avg=0.5000)");

        TargetObservations stored =
                TargetStore.read(client, ns, bad.getMetadata().getName()).orElseThrow();
        assertThat(stored.prometheus.get("cacheHitRate"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.v()).isEqualTo(0.5));
    }

    @Test
    void credentialsComeFromTheSecretTheSpecNames() throws Exception {
        HttpServer secured = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        secured.createContext("/api/v1/query", ex -> {
            boolean ok = "Bearer s3cret".equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = (ok
                            ? "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"0.95\"]}}"
                            : "unauthorized")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        secured.start();
        try {
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("prom-token")
                            .withNamespace(ns)
                            .addToLabels(PrometheusSampler.CREDENTIALS_LABEL, "true")
                            .endMetadata()
                            .addToData("token", Base64.getEncoder().encodeToString("s3cret\n".getBytes()))
                            .build())
                    .create();
            String url = "http://127.0.0.1:" + secured.getAddress().getPort();
            String spec = SPEC.formatted(target.url(), url)
                    .replace("    queries:", "    bearerTokenSecret: {name: prom-token, key: KEY}\n    queries:");

            LoadTestStatus good = tests.awaitEnd(tests.apply(spec.replace("KEY", "token")), Duration.ofSeconds(40));
            LoadTestStatus wrongKey =
                    tests.awaitEnd(tests.apply(spec.replace("KEY", "password")), Duration.ofSeconds(40));
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("db-creds")
                            .withNamespace(ns)
                            .endMetadata()
                            .addToData("token", Base64.getEncoder().encodeToString("s3cret".getBytes()))
                            .build())
                    .create();
            LoadTestStatus notOptedIn = tests.awaitEnd(
                    tests.apply(spec.replace("prom-token", "db-creds").replace("KEY", "token")),
                    Duration.ofSeconds(40));

            assertThat(good.phase).as(good.message).isEqualTo(Phase.Passed);
            assertThat(good.thresholds.get(0).measured).isEqualTo("avg=0.9500");
            assertThat(wrongKey.phase).isEqualTo(Phase.Failed);
            var observed = LoadTests.condition(wrongKey, "TargetObserved").orElseThrow();
            assertThat(observed.status).isEqualTo("False");
            assertThat(observed.message).isEqualTo("secret " + ns + "/prom-token has no key password");
            assertThat(notOptedIn.phase)
                    .as("a secret not marked for Prometheus is never sent")
                    .isEqualTo(Phase.Failed);
            assertThat(LoadTests.condition(notOptedIn, "TargetObserved").orElseThrow().message)
                    .isEqualTo("secret " + ns + "/db-creds is not labelled " + PrometheusSampler.CREDENTIALS_LABEL
                            + "=true; label it to let LoadTests send it to Prometheus");
        } finally {
            secured.stop(0);
        }
    }

    @Test
    void anUnreachablePrometheusIsAConditionNotACrash() {
        LoadTestResource lt = tests.apply(SPEC.formatted(target.url(), "http://127.0.0.1:9"));

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(40));

        assertThat(s.phase).isEqualTo(Phase.Failed);
        assertThat(s.thresholds.get(0).measured).isEqualTo("avg=no data");
        var observed = LoadTests.condition(s, "TargetObserved").orElseThrow();
        assertThat(observed.status).isEqualTo("False");
        assertThat(observed.message)
                .startsWith("prometheus.cacheHitRate: Prometheus at http://127.0.0.1:9 did not answer");
    }
}
