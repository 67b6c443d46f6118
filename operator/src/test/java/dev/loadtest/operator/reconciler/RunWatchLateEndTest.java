package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The last look at the target belongs to the run only when it comes soon after the load's end. An
 * operator away for minutes (restarted, rescheduled) found the target scaled down and idle, and that
 * sample counted in the gauges for the whole gap: "target.replicas: last" read the quiet after.
 */
class RunWatchLateEndTest {
    @RegisterExtension
    final MockApi api = MockApi.crud();

    @BeforeEach
    void start() {
        api.client()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("shop-1")
                        .withNamespace("perf")
                        .withLabels(Map.of("app", "shop"))
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build())
                .create();
    }

    private TargetObservations endLook(String name, long loadEndAgoMs) {
        LoadTestResource lt = Specs.resource(name, """
                target: {url: "http://shop:80", workload: {podSelector: {app: shop}}}
                load: {users: 1, duration: 5m}
                thresholds: ["target.pods: last >= 1"]
                scenario: {tasks: [{request: {path: /}}]}
                """);
        RunWatch watch = TestRunSteps.watch(api.client());
        var spec = LoadTestParser.effective(lt.asLoadTest()).spec;
        long now = System.currentTimeMillis();
        LoadTestStatus status = new LoadTestStatus();
        status.startTime = Instant.ofEpochMilli(now - loadEndAgoMs - 300_000).toString();
        // (the observations start from the run's start: the look before it is another test's business)
        return watch.end(lt, spec, status, now - loadEndAgoMs, Duration.ofSeconds(3));
    }

    @Test
    void aLastLookSoonAfterTheLoadIsSampled() {
        TargetObservations o = endLook("prompt", 2_000);
        assertThat(o.samples).anySatisfy(s -> assertThat(s.t).isGreaterThanOrEqualTo(300_000));
    }

    @Test
    void aLastLookMinutesAfterTheLoadTakesNoSample() {
        TargetObservations o = endLook("late", 5 * 60_000);
        assertThat(o.samples)
                .describedAs("the target after the run is not sampled")
                .isEmpty();
        assertThat(o.notes).anySatisfy(n -> assertThat(n).contains("after the load ended"));
    }
}
