package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.reconciler.LoadTestReconciler;
import dev.loadtest.operator.reconciler.RunSteps;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The operator is killed mid-run and a new one, with fresh objects and no memory of the run,
 * finishes it with the same final numbers. Its own profile, so this app instance is not shared.
 */
@QuarkusTest
@TestProfile(OperatorRestartTest.OwnApp.class)
@WithKubernetesTestServer(crud = true)
class OperatorRestartTest {
    public static class OwnApp implements QuarkusTestProfile {}

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @Inject
    OperatorConfig config;

    private KubernetesClient own;

    @Test
    void aRestartedOperatorFinishesTheRunWithTheSameNumbers() throws Exception {
        String ns = client.getNamespace() == null ? "test" : client.getNamespace();
        // stopping the operator closes its client: the test (the "cluster") and the new operator get their own
        own = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        KubernetesClient operatorClient = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        KubernetesClient client = own;
        try (SimulatedCluster cluster = new SimulatedCluster(client, ns);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestResource lt = new LoadTestResource();
            lt.setMetadata(new ObjectMetaBuilder()
                    .withName("restarted")
                    .withNamespace(ns)
                    .build());
            lt.setSpec(LoadTestParser.parseAsWritten("""
                    apiVersion: loadtest.dev/v1alpha1
                    kind: LoadTest
                    spec:
                      target: {url: "%s"}
                      load: {users: 4, duration: 6s}
                      runners: {count: 2}
                      thresholds: ["http_req_failed: rate < 1%%"]
                      scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()), "restarted").spec);
            client.resource(lt).create();
            await().atMost(Duration.ofSeconds(30))
                    .failFast(
                            "the run ended before the restart",
                            () -> phase(ns) != null && phase(ns).terminal())
                    .alias("Running with traffic; last status: "
                            + (status(ns) == null ? "none" : status(ns).phase + " " + status(ns).message))
                    .until(() -> phase(ns) == Phase.Running && target.requests() > 30);

            operator.stop(); // the operator dies mid-run; the runners keep going
            Thread.sleep(1500);
            long requestsWhileDown = target.requests();

            RunnerClient runnerClient = new RunnerClient(config, operatorClient);
            RunSteps steps = dev.loadtest.operator.sim.TestRunSteps.create(config, runnerClient, client);
            Operator restarted = new Operator(o -> o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false));
            restarted.register(new LoadTestReconciler(
                    steps,
                    new dev.loadtest.operator.metrics.LoadTestMetrics(
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
            restarted.start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> phase(ns) != null && phase(ns).terminal());
                LoadTestStatus s = status(ns);
                assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
                assertThat(target.requests()).isGreaterThan(requestsWhileDown);
                assertThat(s.summary.requests)
                        .describedAs("every request the target saw, including those while the operator was down")
                        .isEqualTo(target.requests());
                assertThat(s.runners.desired).isEqualTo(2);
            } finally {
                restarted.stop();
            }
        }
    }

    private LoadTestStatus status(String ns) {
        LoadTestResource r = own.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName("restarted")
                .get();
        return r == null ? null : r.getStatus();
    }

    private Phase phase(String ns) {
        LoadTestStatus s = status(ns);
        return s == null ? null : s.phase;
    }
}
