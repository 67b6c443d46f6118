package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.RunnersStatus;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * While runners come up, their agents are asked at most once a second whatever wakes the
 * reconcile: a thousand pods starting make thousands of pod events, and each reconcile asked every
 * ready agent (through the API server with runnerAccess api-proxy).
 */
class StartingPollTest {
    @Test
    void agentsAreAskedAtMostOnceASecondWhileTheyComeUp() {
        AtomicInteger asked = new AtomicInteger();
        RunnerClient counting = new RunnerClient(new TestConfig(), null) {
            @Override
            public Optional<AgentStatus> status(Pod pod) {
                asked.incrementAndGet();
                return Optional.empty(); // not answering yet
            }
        };
        RunSteps steps = TestRunSteps.create(new TestConfig(), counting, null);
        LoadTestResource lt = Specs.resource("coming-up", """
                target: {url: "http://api:80"}
                load: {users: 3, duration: 1m}
                runners: {count: 3}
                scenario: {tasks: [{request: {path: /}}]}
                """);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(new PodBuilder()
                    .withNewMetadata()
                    .withName("coming-up-runner-" + i)
                    .withCreationTimestamp(Instant.now().toString())
                    .endMetadata()
                    .withNewStatus()
                    .withPhase("Running")
                    .withPodIP("10.0.0." + i)
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
        }
        LoadTestStatus status = new LoadTestStatus();
        status.phase = Phase.Starting;
        status.startTime = null;
        status.runners = new RunnersStatus();
        status.runners.desired = 3;

        for (int i = 0; i < 20; i++) { // 20 pod events within a fraction of a second
            steps.awaitRunners(lt, status, pods);
        }
        assertThat(asked.get())
                .describedAs("each agent asked once, not once per event")
                .isEqualTo(3);
        assertThat(status.message).contains("0 of 3 runners ready");
    }
}
