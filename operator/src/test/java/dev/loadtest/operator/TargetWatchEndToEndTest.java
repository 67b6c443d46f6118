package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.ThresholdStatus;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSample;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import dev.loadtest.operator.sim.SimulatedWorkload;
import dev.loadtest.operator.target.TargetStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The target watched during a run, on the mock API server: an HPA that scales up under the load, a
 * target pod that gets OOM-killed, pod metrics; thresholds and abort rules over them; a missing
 * permission shown as a condition.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TargetWatchEndToEndTest {
    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private SimulatedCluster cluster;
    private CountingTarget target;
    private LoadTests tests;
    private SimulatedWorkload workload;
    private String ns;

    @BeforeEach
    void setUp() throws Exception {
        ns = client.getNamespace() == null ? "test" : client.getNamespace();
        cluster = new SimulatedCluster(client, ns);
        target = new CountingTarget(5);
        tests = new LoadTests(client, ns);
    }

    @AfterEach
    void tearDown() {
        if (workload != null) {
            workload.close();
        }
        cluster.close();
        target.close();
    }

    private static ThresholdStatus threshold(LoadTestStatus s, String expression) {
        return s.thresholds.stream()
                .filter(t -> t.expression.equals(expression))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void scalingAndAnOomKillAreRecordedAndJudged() throws Exception {
        String app = "api-" + System.nanoTime() % 10000;
        workload = new SimulatedWorkload(client, ns, app, 2, 4, target::requests, 50);
        LoadTestResource lt = tests.apply("""
                target:
                  url: %s
                  workload: {hpa: %s, podSelector: {app: %s}}
                load: {users: 4, duration: 5s}
                thresholds:
                  - "http_req_failed: rate < 1%%"
                  - "target.replicas: max < target.hpa.maxReplicas"
                  - "target.oomKilled: count == 0"
                  - "target.cpu: max < 95%%"
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url(), app, app));
        tests.awaitPhase(lt, Duration.ofSeconds(20), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> workload.replicas() == 4);
        Thread.sleep(1200); // let the operator look at the scaled target before the kill
        int samplesBefore = TargetStore.read(client, ns, lt.getMetadata().getName())
                .orElseThrow()
                .samples
                .size();
        long reloadsBefore = TargetStore.reloads();
        TargetStore.forget(lt); // as after an operator restart: the series must come back from the API server
        Thread.sleep(700); // a look in flight may have put its copy back: forget again after it
        TargetStore.forget(lt);
        workload.oomKill(1);

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(40));

        assertThat(s.phase).as(s.message).isEqualTo(Phase.Failed);
        assertThat(s.target.hpa).isEqualTo(app);
        assertThat(s.target.minReplicas).isEqualTo(2);
        assertThat(s.target.maxReplicas).isEqualTo(4);
        assertThat(s.target.peakReplicas).isEqualTo(4);
        assertThat(s.target.peakPods).isEqualTo(4);
        assertThat(s.target.scalingEvents).isEqualTo(1);
        assertThat(s.target.oomKilled).isEqualTo(1);
        assertThat(s.target.restarts).isEqualTo(1);
        assertThat(s.target.terminations).containsExactly(app + "-1/app: OOMKilled (OOMKilled, exit code 137)");
        assertThat(s.target.peakCpuPercent).isEqualTo(90.0); // 450m used of 500m requested
        assertThat(s.target.peakMemoryPercent).isCloseTo(78.125, org.assertj.core.data.Offset.offset(0.001));
        assertThat(threshold(s, "http_req_failed: rate < 1%").ok).isTrue();
        ThresholdStatus replicas = threshold(s, "target.replicas: max < target.hpa.maxReplicas");
        assertThat(replicas.ok).isFalse();
        assertThat(replicas.measured).isEqualTo("max=4 (target.hpa.maxReplicas=4)");
        assertThat(threshold(s, "target.oomKilled: count == 0").measured).isEqualTo("count=1");
        assertThat(threshold(s, "target.cpu: max < 95%").ok).isTrue();
        assertThat(LoadTests.condition(s, Condition.TARGET_OBSERVED).orElseThrow().status)
                .isEqualTo("True");

        // the time series is stored with the results, aligned with the run's start
        assertThat(s.results.targetConfigMap)
                .isEqualTo(TargetStore.configMapName(lt.getMetadata().getName()));
        TargetObservations stored =
                TargetStore.read(client, ns, lt.getMetadata().getName()).orElseThrow();
        assertThat(stored.startEpochMs).isEqualTo(Instant.parse(s.startTime).toEpochMilli());
        assertThat(stored.samples).extracting(x -> x.replicas).contains(2, 4);
        assertThat(stored.samples).extracting(x -> x.t).isSorted();
        TargetSample last = stored.samples.get(stored.samples.size() - 1);
        assertThat(last.hpaMetrics).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("cpu");
            assertThat(m.current()).isEqualTo(90.0);
            assertThat(m.target()).isEqualTo(60.0);
        });
        assertThat(stored.events).extracting(e -> e.type()).containsExactly("ScaledUp", "OOMKilled");
        assertThat(stored.samples.size())
                .as("the samples taken before the memory copy was lost are all kept")
                .isGreaterThan(samplesBefore);
        assertThat(TargetStore.reloads()).as("read back from the ConfigMap").isGreaterThan(reloadsBefore);
        assertThat(stored.samples.get(0).replicas)
                .as("the baseline, before the load")
                .isEqualTo(2);
        String metrics = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        String tags = "{name=\"" + lt.getMetadata().getName() + "\",namespace=\"" + ns + "\"}";
        assertThat(metrics)
                .contains("loadtest_target_peak_replicas" + tags + " 4.0")
                .contains("loadtest_target_oom_kills" + tags + " 1.0")
                .contains("loadtest_target_peak_cpu_ratio" + tags + " 0.9");
        assertThat(tests.events(lt))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("TargetScaledUp");
                    assertThat(e.getMessage()).isEqualTo("hpa/" + app + ": 2 → 4 replicas");
                })
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("TargetOOMKilled");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isEqualTo(app + "-1/app: OOMKilled, exit code 137");
                });
    }

    @Test
    void anAbortRuleOnTheTargetStopsTheRunnersAndKeepsTheResults() throws Exception {
        String app = "api-" + System.nanoTime() % 10000;
        workload = new SimulatedWorkload(client, ns, app, 2, 3, target::requests, Long.MAX_VALUE);
        LoadTestResource lt = tests.apply("""
                target:
                  url: %s
                  workload: {podSelector: {app: %s}}
                load: {users: 2, duration: 60s}
                abort: ["target.oomKilled: count > 0"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url(), app));
        tests.awaitPhase(lt, Duration.ofSeconds(20), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.requests() > 20);
        workload.oomKill(0);

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(20));

        assertThat(s.phase).isEqualTo(Phase.Aborted);
        assertThat(s.abortedBy).isEqualTo("target.oomKilled: count > 0");
        assertThat(s.message).startsWith("aborted by the abort rule \"target.oomKilled: count > 0\"");
        assertThat(LoadTests.condition(s, Condition.COMPLETE).orElseThrow().reason)
                .isEqualTo("AbortRuleFired");
        assertThat(s.verdict)
                .as("an abort rule fails the run (as `loadtest run` exits 99), though no threshold failed")
                .isEqualTo("Failed");
        assertThat(LoadTests.condition(s, Condition.THRESHOLDS_PASSED).orElseThrow())
                .satisfies(c -> {
                    assertThat(c.status).isEqualTo("False");
                    assertThat(c.reason).isEqualTo("AbortRuleFired");
                });
        assertThat(Duration.between(Instant.parse(s.startTime), Instant.parse(s.completionTime)))
                .as("stopped within seconds, long before the 60 s duration")
                .isLessThan(Duration.ofSeconds(15));
        long seen = target.requests();
        assertThat(s.summary.requests)
                .as("results so far are kept, and match the target")
                .isEqualTo(seen);
        assertThat(tests.events(lt)).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("AbortRuleFired");
            assertThat(e.getMessage()).contains("count=1");
        });
    }

    @Test
    void aSustainedErrorRateAbortsOnlyAfterItsWindow() {
        LoadTestResource lt = tests.apply("""
                target: {url: %s}
                load: {users: 2, duration: 60s}
                abort: ["http_req_failed: rate > 50%% for 2s"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}, checks: [{status: 201}]}]
                """.formatted(target.url()));
        tests.awaitPhase(lt, Duration.ofSeconds(20), Phase.Running);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> tests.get(lt).getStatus().abortRules != null);
        Instant holdingSince =
                Instant.parse(tests.get(lt).getStatus().abortRules.get(0).holdingSince);

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(20));

        assertThat(s.phase).isEqualTo(Phase.Aborted);
        assertThat(s.abortedBy).isEqualTo("http_req_failed: rate > 50% for 2s");
        assertThat(Duration.between(holdingSince, Instant.parse(s.completionTime)))
                .as("the rule had to hold for its window first")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(Instant.parse(s.startTime), Instant.parse(s.completionTime)))
                .isLessThan(Duration.ofSeconds(20));
        assertThat(s.abortRules).as("cleared once the run ended").isNull();
        assertThat(s.summary.failures).isEqualTo(s.summary.requests).isPositive();
    }

    @Test
    void aMissingPermissionIsAConditionAndTheRunGoesOn() {
        server.expect()
                .get()
                .withPath("/apis/autoscaling/v2/namespaces/locked/horizontalpodautoscalers/api")
                .andReturn(
                        403,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                                + "\"message\":\"horizontalpodautoscalers.autoscaling \\\"api\\\" is forbidden\",\"code\":403}")
                .always();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/locked/pods?labelSelector=app%3Dapi")
                .andReturn(
                        403,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                                + "\"message\":\"pods is forbidden\",\"code\":403}")
                .always();
        LoadTestResource lt = tests.apply("""
                target:
                  url: %s
                  workload: {namespace: locked, hpa: api, podSelector: {app: api}}
                load: {users: 1, duration: 2s}
                thresholds: ["http_req_failed: rate < 1%%"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url()));

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(30));

        assertThat(s.phase).isEqualTo(Phase.Passed);
        var observed = LoadTests.condition(s, Condition.TARGET_OBSERVED).orElseThrow();
        assertThat(observed.status).isEqualTo("False");
        assertThat(observed.reason).isEqualTo("Forbidden");
        assertThat(observed.message)
                .startsWith("forbidden: the operator may not get horizontalpodautoscalers in namespace locked;")
                .contains("forbidden: the operator may not list pods in namespace locked;")
                .contains("loadtest-operator-target-reader");
        assertThat(tests.events(lt))
                .filteredOn(e -> e.getReason().equals("TargetNotObserved"))
                .hasSize(1);
    }

    @Test
    void aMissingMetricsApiIsSaidInStatus() {
        String app = "api-" + System.nanoTime() % 10000;
        workload = new SimulatedWorkload(client, ns, app, 1, 1, target::requests, Long.MAX_VALUE);
        server.expect()
                .get()
                .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + ns + "/pods?labelSelector=app%3D" + app)
                .andReturn(
                        404,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")
                .always();
        LoadTestResource lt = tests.apply("""
                target:
                  url: %s
                  workload: {podSelector: {app: %s}}
                load: {users: 1, duration: 2s}
                thresholds: ["target.restarts: count == 0"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url(), app));

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(30));

        assertThat(s.phase).as(s.message).isEqualTo(Phase.Passed);
        assertThat(s.target.notes)
                .containsExactly(
                        "the metrics API (metrics.k8s.io) is not installed: CPU and memory of the target are not recorded");
        assertThat(s.target.peakCpuPercent).isNull();
        assertThat(s.target.peakPods).isEqualTo(1);
        assertThat(LoadTests.condition(s, Condition.TARGET_OBSERVED).orElseThrow().status)
                .isEqualTo("True");
    }

    @Test
    void aSelectorThatMatchesNoPodsIsSaidAndProvesNothing() {
        LoadTestResource lt = tests.apply("""
                target:
                  url: %s
                  workload: {podSelector: {app: typo}}
                load: {users: 1, duration: 2s}
                thresholds: ["target.oomKilled: count == 0"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url()));

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(30));

        assertThat(s.phase).as("no pods seen is no proof of no OOM kills").isEqualTo(Phase.Failed);
        assertThat(s.thresholds.get(0).measured).isEqualTo("count=no data");
        var observed = LoadTests.condition(s, Condition.TARGET_OBSERVED).orElseThrow();
        assertThat(observed.status).isEqualTo("False");
        assertThat(observed.message)
                .isEqualTo("no pods match spec.target.workload.podSelector {app=typo} in namespace " + ns);
    }

    @Test
    void withoutAWorkloadNothingIsWatchedAndNothingIsLost() {
        LoadTestResource lt = tests.apply("""
                target: {url: %s}
                load: {users: 2, duration: 2s}
                thresholds: ["http_req_failed: rate < 1%%"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.formatted(target.url()));

        LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(30));

        assertThat(s.phase).isEqualTo(Phase.Passed);
        assertThat(s.target).isNull();
        assertThat(s.results.targetConfigMap).isNull();
        assertThat(LoadTests.condition(s, Condition.TARGET_OBSERVED)).isEmpty();
        assertThat(s.summary.requests).isEqualTo(target.requests());
        assertThat(TargetStore.read(client, ns, lt.getMetadata().getName())).isEmpty();
        assertThat(List.of(s.thresholds.get(0).ok)).containsExactly(true);
    }
}
