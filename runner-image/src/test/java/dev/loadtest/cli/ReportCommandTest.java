package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `loadtest report` against an API server (the Fabric8 mock) reached through a kubeconfig. */
@EnableKubernetesMockClient(crud = true)
class ReportCommandTest {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Path kubeconfig() throws Exception {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                contexts: [{name: mock, context: {cluster: mock, namespace: perf, user: u}}]
                current-context: mock
                users: [{name: u, user: {token: t}}]
                """.formatted(client.getConfiguration().getMasterUrl()));
        return f;
    }

    @Test
    void writesWhatRunOutWritesFromTheStoredResults() throws Exception {
        StatsCollector stats = new StatsCollector("baseline", 1000);
        stats.start(1_000L, () -> 3);
        for (int i = 0; i < 200; i++) {
            stats.endpoint("simple-query")
                    .record(10_000 + i * 100, i < 2 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 100, 200);
        }
        stats.sample(10_000);
        RunSnapshot snapshot = stats.snapshot();
        GenericKubernetesResource lt = new GenericKubernetesResourceBuilder()
                .withApiVersion("loadtest.dev/v1alpha1")
                .withKind("LoadTest")
                .withNewMetadata()
                .withName("baseline")
                .withNamespace("perf")
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec",
                        Map.of(
                                "target", Map.of("url", "http://api.perf.svc:8080"),
                                "load", Map.of("users", 3, "duration", "10s"),
                                "thresholds",
                                        java.util.List.of("http_req_failed: rate < 0.5%", "http_reqs: count == 200"),
                                "scenario",
                                        Map.of(
                                                "tasks",
                                                java.util.List.of(Map.of(
                                                        "name", "simple-query", "request", Map.of("path", "/q")))))))
                .build();
        client.genericKubernetesResources(ReportCommand.LOADTESTS)
                .inNamespace("perf")
                .resource(lt)
                .create();
        client.configMaps()
                .inNamespace("perf")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("baseline-results")
                        .endMetadata()
                        .withBinaryData(Map.of(
                                ResultsArchive.KEY,
                                Base64.getEncoder()
                                        .encodeToString(ResultsArchive.pack(snapshot, ResultsArchive.MAX_BYTES)
                                                .bytes())))
                        .build())
                .create();
        Path out = dir.resolve("out");
        Cli r = Cli.run("report", "baseline", "--kubeconfig", kubeconfig().toString(), "--out", out.toString());
        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out())
                .contains("✗ http_req_failed: rate < 0.5%  →  rate=1.00%")
                .contains("✓ http_reqs: count == 200")
                .contains("simple-query");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/metrics/http_reqs/count").asLong()).isEqualTo(200);
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"latencyMicros\"");
    }

    @Test
    void anUnknownLoadTestIsInvalidInputWithAClearMessage() throws Exception {
        Cli r = Cli.run(
                "report", "nope", "-n", "perf", "--kubeconfig", kubeconfig().toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("no LoadTest nope in namespace perf");
    }
}
