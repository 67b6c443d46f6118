package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three LoadTests of one target applied at once, at most one at a time (the operator's
 * maxConcurrentPerTarget is 1 in tests): never two active together, and they run in the order
 * they were created. A stop while queued ends the test without ever loading the target.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TargetQueueEndToEndTest {
    @Inject
    KubernetesClient client;

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

    private void apply(String name, String specYaml) {
        tests.apply(name, specYaml.replace("TARGET", target.url()));
    }

    private LoadTestStatus status(String name) {
        return tests.status(name);
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
}
