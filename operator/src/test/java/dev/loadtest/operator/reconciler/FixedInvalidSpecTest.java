package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A spec fixed over an Invalid one is admitted as new, and its run ends as any other: through the
 * write that ends a run, which frees its place in the target's queue. It was written as a plain
 * status patch (the test was "ended" by its cached phase), so a run refused at once held its
 * target's queue until the operator restarted.
 */
class FixedInvalidSpecTest {
    @Test
    void aFixedSpecWhoseRunEndsAtOnceFreesItsTarget() {
        LoadTestResource lt = Specs.resource("fixed", """
                target: {url: "http://api:80"}
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """);
        lt.getMetadata().setGeneration(2L);
        LoadTestStatus invalid = new LoadTestStatus();
        invalid.phase = Phase.Invalid;
        invalid.observedGeneration = 1L;
        lt.setStatus(invalid);

        // admitted, then its runner pods refused for good: an Error in the same reconcile
        RunSteps steps =
                new RunSteps(
                        new TestConfig(),
                        new RunnerClient(new TestConfig(), null),
                        new dev.loadtest.operator.events.Events(null),
                        new LoadTestMetrics(new SimpleMeterRegistry()),
                        null,
                        TestRunSteps.watch(null)) {
                    @Override
                    Duration admit(
                            LoadTestResource t,
                            LoadTestStatus s,
                            List<LoadTestResource> others,
                            List<Pod> pods,
                            Set<String> withRunnerPods) {
                        s.phase = Phase.Error;
                        s.message = "the API server refused runner pod fixed-runner-0";
                        return null;
                    }
                };
        AtomicReference<LoadTestStatus> endWritten = new AtomicReference<>();
        LoadTestReconciler reconciler = new LoadTestReconciler(
                steps, new LoadTestMetrics(new SimpleMeterRegistry()), (c, t, s) -> endWritten.set(s));

        reconciler.reconcile(lt, context());

        assertThat(endWritten.get())
                .describedAs("ended through the terminal write")
                .isNotNull();
        assertThat(endWritten.get().phase).isEqualTo(Phase.Error);
    }

    /** The little of a JOSDK context the reconcile reads: no runner pods, no other LoadTests. */
    @SuppressWarnings("unchecked")
    private static Context<LoadTestResource> context() {
        IndexedResourceCache<LoadTestResource> cache = (IndexedResourceCache<LoadTestResource>) Proxy.newProxyInstance(
                FixedInvalidSpecTest.class.getClassLoader(),
                new Class<?>[] {IndexedResourceCache.class},
                (proxy, method, args) -> method.getName().equals("list") ? Stream.empty() : null);
        return (Context<LoadTestResource>) Proxy.newProxyInstance(
                FixedInvalidSpecTest.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSecondaryResources" -> Set.of();
                    case "getPrimaryCache" -> cache;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
