package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What a failing reconcile writes into status. */
class ErrorStatusTest {
    private final LoadTestReconciler reconciler = new LoadTestReconciler(
            TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null),
            new LoadTestMetrics(new SimpleMeterRegistry()));

    private static LoadTestResource test(Phase phase, String message) {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(
                new ObjectMetaBuilder().withName("lt").withNamespace("perf").build());
        lt.setStatus(new LoadTestStatus());
        lt.getStatus().phase = phase;
        lt.getStatus().message = message;
        return lt;
    }

    @Test
    void aFailureWhileRunningShowsInTheMessage() {
        var control = reconciler.updateErrorStatus(
                test(Phase.Running, "running"), null, new IllegalStateException("API server unavailable"));

        assertThat(control.getResource())
                .hasValueSatisfying(lt -> assertThat(lt.getStatus().message)
                        .isEqualTo("reconcile failed (will retry): API server unavailable"));
    }

    @Test
    void aFailureAfterTheEndLeavesTheVerdictsMessage() {
        // e.g. deleting the runner pods or the TTL delete failed once: retried, not written over the verdict
        LoadTestResource passed = test(Phase.Passed, "all 2 thresholds passed");

        var control = reconciler.updateErrorStatus(passed, null, new IllegalStateException("pods delete failed"));

        assertThat(control.getResource()).isEmpty();
        assertThat(passed.getStatus().message).isEqualTo("all 2 thresholds passed");
    }
}
