package dev.loadtest.operator.sim;

import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.reconciler.RunSteps;
import dev.loadtest.operator.reconciler.RunWatch;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.target.PrometheusSampler;
import dev.loadtest.operator.target.TargetWatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The operator's run steps wired by hand, for tests that start an operator outside Quarkus. */
public final class TestRunSteps {
    private TestRunSteps() {}

    public static RunSteps create(OperatorConfig config, RunnerClient runners, KubernetesClient client) {
        Events events = new Events(client);
        return new RunSteps(
                config, runners, events, new LoadTestMetrics(new SimpleMeterRegistry()), client, watch(client, events));
    }

    /** The target watching of a run, wired by hand. */
    public static RunWatch watch(KubernetesClient client, Events events) {
        return new RunWatch(client, new TargetWatcher(client), new PrometheusSampler(client), events);
    }

    public static RunWatch watch(KubernetesClient client) {
        return watch(client, new Events(client));
    }
}
