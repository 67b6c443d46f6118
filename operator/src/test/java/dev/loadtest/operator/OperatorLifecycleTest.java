package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.serialization.DeferredModelDeserializers;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queueing per target (at most one at a time in tests, in the order they were created; a stop
 * while queued loads nothing), TTL, and the metrics Grafana reads.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorLifecycleTest {
    @Inject
    KubernetesClient client;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private SimulatedCluster cluster;
    private CountingTarget target;
    private LoadTests tests;
    private String ns;

    @BeforeEach
    void setUp() throws Exception {
        ns = client.getNamespace() == null ? "test" : client.getNamespace();
        cluster = new SimulatedCluster(client, ns);
        target = new CountingTarget(2);
        tests = new LoadTests(client, ns);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        target.close();
    }

    private LoadTestResource apply(String name, String specYaml) {
        return tests.apply(name, specYaml.replace("TARGET", target.url()));
    }

    private LoadTestStatus status(String name) {
        return tests.status(name);
    }

    /** The client's JSON mapper defers the Pod model's deserializers (DeferredModelDeserializers). */
    @Test
    void theClientsMapperDefersThePodModel() throws Exception {
        var getMapper = KubernetesSerialization.class.getDeclaredMethod("getMapper");
        getMapper.setAccessible(true);
        ObjectMapper mapper = (ObjectMapper) getMapper.invoke(client.getKubernetesSerialization());
        assertThat(mapper.getRegisteredModuleIds())
                .contains(DeferredModelDeserializers.module().getTypeId());
    }

    @Test
    void testsOfTheSameTargetQueueAndRunOneAfterTheOther() {
        String first = "first-" + UUID.randomUUID().toString().substring(0, 6);
        String second = "second-" + UUID.randomUUID().toString().substring(0, 6);
        String spec = """
                target: {url: TARGET}
                load: {users: 2, duration: 2s}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """;
        apply(first, spec);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status(first) != null && status(first).phase == Phase.Running);
        LoadTestResource secondTest = apply(second, spec);
        List<Phase> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    LoadTestStatus s = status(second);
                    if (s != null && s.phase != null && (seen.isEmpty() || seen.get(seen.size() - 1) != s.phase)) {
                        seen.add(s.phase);
                    }
                    return s != null && s.phase == Phase.Passed;
                });
        assertThat(seen).describedAs("the second waited in Queued").startsWith(Phase.Queued);
        assertThat(status(second).message).isNotNull();
        assertThat(new LoadTests(client, ns).events(secondTest))
                .filteredOn(e -> e.getReason().equals("Queued"))
                .describedAs("one Queued event, however long it waited")
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).contains(target.url());
                });
        Instant firstDone = Instant.parse(status(first).completionTime);
        Instant secondStart = Instant.parse(status(second).startTime);
        assertThat(secondStart)
                .describedAs("never two loads on one target at once")
                .isAfter(firstDone);
    }

    @Test
    void testsAppliedTogetherRunOneAtATimeInTheOrderTheyWereCreated() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        // created within one second they tie on creationTimestamp: the name breaks the tie
        List<String> names = List.of("qa-" + run, "qb-" + run, "qc-" + run);
        for (String name : names) {
            apply(name, """
                    target: {url: TARGET}
                    load: {users: 1, duration: 1s}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """);
        }
        List<String> violations = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    List<String> active = names.stream()
                            .filter(n -> status(n) != null
                                    && status(n).phase != null
                                    && status(n).phase.active())
                            .toList();
                    if (active.size() > 1) {
                        violations.add(active.toString());
                    }
                    return names.stream().allMatch(n -> status(n) != null && status(n).phase == Phase.Passed);
                });
        assertThat(violations)
                .describedAs("moments with two active tests on one target")
                .isEmpty();
        List<String> byStart = names.stream()
                .sorted(Comparator.comparing(n -> Instant.parse(status(n).startTime)))
                .toList();
        assertThat(byStart).describedAs("first created, first run").containsExactlyElementsOf(names);
        for (int i = 1; i < names.size(); i++) {
            assertThat(Instant.parse(status(names.get(i)).startTime))
                    .isAfter(Instant.parse(status(names.get(i - 1)).completionTime));
        }
    }

    @Test
    void aTestStoppedWhileQueuedNeverLoadsTheTarget() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String first = "busy-" + run;
        String queued = "stopped-" + run;
        apply(first, """
                target: {url: TARGET}
                load: {users: 1, duration: 2s}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status(first) != null && status(first).phase == Phase.Running);
        apply(queued, """
                target: {url: TARGET}
                load: {users: 1, duration: 2s}
                scenario: {tasks: [{name: other, request: {path: /queued}}]}
                """);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status(queued) != null && status(queued).phase == Phase.Queued);
        assertThat(status(queued).message).contains(ns + "/" + first);
        tests.stop(queued);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(queued).phase == Phase.Aborted
                        && status(first).phase != null
                        && status(first).phase.terminal());
        LoadTestStatus s = status(queued);
        assertThat(s.message).contains("before the load started");
        assertThat(s.startTime).isNull();
        assertThat(s.summary).isNull();
        assertThat(client.pods()
                        .inNamespace(ns)
                        .withLabel("loadtest.dev/name", queued)
                        .list()
                        .getItems())
                .describedAs("no runner pod was made for it")
                .isEmpty();
        assertThat(target.requests("/queued"))
                .describedAs("requests the stopped test sent")
                .isZero();
    }

    @Test
    void aFinishedTestIsDeletedAfterItsTtl() {
        String name = "ttl-" + UUID.randomUUID().toString().substring(0, 6);
        apply(name, """
                target: {url: TARGET}
                load: {users: 1, duration: 500ms}
                cleanup: {ttlSecondsAfterFinished: 1}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(name) != null && status(name).phase == Phase.Passed);
        tests.awaitGone(name, Duration.ofSeconds(10));
    }

    @Test
    void anInvalidTestIsDeletedAfterItsTtlToo() {
        String name = "ttl-invalid-" + UUID.randomUUID().toString().substring(0, 6);
        apply(name, """
                target: {url: TARGET}
                load: {users: 1, duration: 500ms}
                thresholds: ["http_req_duration: p(95) <"]
                cleanup: {ttlSecondsAfterFinished: 1}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(name) != null && status(name).phase == Phase.Invalid);
        tests.awaitGone(name, Duration.ofSeconds(10));
    }

    @Test
    void metricsShowEachTestsFiguresAndRunsByVerdict() throws Exception {
        String name = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
        apply(name, """
                target: {url: TARGET}
                load: {users: 2, duration: 2s}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(name) != null && status(name).phase == Phase.Passed);
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).containsPattern("loadtest_runs_total\\{verdict=\"Passed\"\\} [1-9]");
        assertThat(metrics)
                .describedAs("every verdict's series is there, at 0 until its first run")
                .contains("loadtest_runs_total{verdict=\"Invalid\"}");
        assertThat(metrics)
                .containsPattern(
                        "loadtest_requests_per_second\\{name=\"" + name + "\",namespace=\"" + ns + "\"\\} [1-9]");
        LoadTestStatus done = status(name);
        assertThat(metrics)
                .describedAs("counters of the requests status counted, for rate() and increase()")
                .contains("loadtest_requests_total{name=\"" + name + "\",namespace=\"" + ns + "\"} "
                        + (double) done.summary.requests)
                .contains("loadtest_request_failures_total{name=\"" + name + "\",namespace=\"" + ns + "\"} "
                        + (double) done.summary.failures);
        assertThat(metrics)
                .contains("loadtest_p95_seconds{name=\"" + name + "\"")
                .contains("loadtest_error_ratio{name=\"" + name + "\"");
        assertThat(metrics)
                .describedAs("reconcile metrics from the operator SDK")
                .contains("reconciliations_success_total")
                .contains("reconciliations_execution_duration_seconds_count");
        assertThat(metrics)
                .describedAs("the JVM's own, but not the probes' plumbing (Netty, Vert.x, HTTP server)")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("netty_allocator")
                .doesNotContain("http_server_requests")
                .doesNotContain("vertx_");
    }

    @Test
    void aDeletedTestsSeriesLeaveTheMetrics() throws Exception {
        String name = "deleted-" + UUID.randomUUID().toString().substring(0, 6);
        apply(name, """
                target: {url: TARGET}
                load: {users: 1, duration: 1s}
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(name) != null && status(name).phase == Phase.Passed);
        String series = "name=\"" + name + "\"";
        assertThat(metrics()).contains("loadtest_requests_per_second{" + series);

        client.resources(LoadTestResource.class).inNamespace(ns).withName(name).delete();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(metrics())
                        .describedAs("no stale series of a deleted LoadTest")
                        .doesNotContain(series)
                        .contains("loadtest_runs_total{verdict=\"Passed\"}"));
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
