package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The status write that ends a run fails once: the retry writes that same status instead of running
 * the finish step again (its pods are gone by then), and the run is counted once, by its verdict.
 * Its own profile: the app's operator is stopped and one with a flaky status write runs instead.
 */
@QuarkusTest
@TestProfile(TerminalStatusWriteTest.OwnApp.class)
@WithKubernetesTestServer(crud = true)
class TerminalStatusWriteTest {
    public static class OwnApp implements QuarkusTestProfile {}

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @Inject
    OperatorConfig config;

    /** Fails the first write of a terminal status, as an API server that is briefly unavailable would. */
    static final class FlakyWrite implements LoadTestReconciler.StatusWrite {
        final AtomicInteger attempts = new AtomicInteger();
        final List<Phase> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(
                io.javaoperatorsdk.operator.api.reconciler.Context<LoadTestResource> context,
                LoadTestResource lt,
                LoadTestStatus status) {
            if (attempts.getAndIncrement() == 0) {
                throw new KubernetesClientException("simulated: the status write did not get through");
            }
            LoadTestReconciler.writeStatus(context, lt, status);
            written.add(status.phase);
        }
    }

    @Test
    void aFailedStatusWriteAfterTheFinishIsRetriedWithTheSameVerdictAndCountedOnce() throws Exception {
        String ns = client.getNamespace() == null ? "test" : client.getNamespace();
        operator.stop(); // closes its client: the test and the flaky operator get their own
        KubernetesClient own = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        KubernetesClient operatorClient = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FlakyWrite writes = new FlakyWrite();
        LoadTestReconciler flakyReconciler = new LoadTestReconciler(
                TestRunSteps.create(config, new RunnerClient(config, operatorClient), operatorClient),
                new LoadTestMetrics(registry),
                writes);
        Operator flaky = new Operator(o -> o.withKubernetesClient(operatorClient)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false));
        flaky.register(flakyReconciler);
        flaky.start();
        try (SimulatedCluster cluster = new SimulatedCluster(own, ns);
                CountingTarget target = new CountingTarget(5)) {
            LoadTests tests = new LoadTests(own, ns);
            LoadTestResource lt = tests.apply("""
                    target: {url: "%s"}
                    load: {users: 2, duration: 1s}
                    runners: {count: 2}
                    thresholds: ["http_req_failed: rate < 1%%"]
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));

            LoadTestStatus s = tests.awaitEnd(lt, Duration.ofSeconds(40));

            assertThat(writes.attempts.get())
                    .describedAs("the first write failed, the retry wrote")
                    .isEqualTo(2);
            assertThat(s.phase)
                    .describedAs("the retry keeps the verdict, not an Error for pods gone: " + s.message)
                    .isEqualTo(Phase.Passed);
            assertThat(s.summary.requests).isEqualTo(target.requests());
            assertThat(writes.written).containsExactly(Phase.Passed);
            Counter passed = registry.find("loadtest_runs_total")
                    .tag("verdict", "Passed")
                    .counter();
            assertThat(passed).isNotNull();
            assertThat(passed.count()).describedAs("counted once").isEqualTo(1.0);
            assertThat(registry.find("loadtest_runs_total").counters())
                    .describedAs("and under no other verdict")
                    .filteredOn(c -> c.count() > 0)
                    .hasSize(1);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> tests.events(lt).stream()
                                    .filter(e -> "Passed".equals(e.getReason()))
                                    .count()
                            == 1);
            assertThat(tests.events(lt))
                    .extracting(Event::getReason)
                    .describedAs("the finish step ran once")
                    .doesNotContain("RunnerFailed");
        } finally {
            flaky.stop();
            own.close();
        }
    }
}
