package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runner pods whose containers cannot start (a secret or config map not there, an image that
 * cannot be pulled) say why while the run waits for them, and in the error at the start timeout;
 * an image name no retry can fix ends the run at once.
 */
class RunnerNotStartingTest {
    private final LoadTestResource lt = Specs.resource("creds", """
            target: {url: "http://api:80"}
            load: {users: 2, duration: 1m}
            runners: {count: 2, startTimeout: 1m}
            scenario: {tasks: [{request: {path: /}}]}
            """);
    private final RunSteps steps =
            TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null);

    private static Pod pending(int i, Instant created, String reason, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("creds-runner-" + i)
                .withCreationTimestamp(created.toString())
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("runner")
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void aMissingSecretIsNamedWhileWaitingAndInTheTimeoutError() {
        Instant now = Instant.now();
        List<Pod> pods = List.of(
                pending(0, now, "CreateContainerConfigError", "secret \"loadtest-creds\" not found"),
                pending(1, now, "ContainerCreating", null));
        LoadTestStatus s = AwaitRunnersTest.starting(); // 2 runners

        steps.awaitRunners(lt, s, pods);
        assertThat(s.phase).isEqualTo(Phase.Starting);
        assertThat(s.message)
                .isEqualTo("0 of 2 runners ready; not starting: creds-runner-0: runner container"
                        + " CreateContainerConfigError: secret \"loadtest-creds\" not found");

        Instant longAgo = now.minusSeconds(61);
        List<Pod> late = List.of(
                pending(0, longAgo, "CreateContainerConfigError", "secret \"loadtest-creds\" not found"),
                pending(1, longAgo, "ImagePullBackOff", "Back-off pulling image \"my/runner:typo\""));
        // a look a minute later (this operator's agent polls are paced: a fresh one has no pace yet)
        TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null)
                .awaitRunners(lt, s, late);
        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunnersNotReady");
        assertThat(s.message)
                .startsWith("0 of 2 runners ready after 1m")
                .contains("creds-runner-0: runner container CreateContainerConfigError: secret \"loadtest-creds\""
                        + " not found")
                .contains("creds-runner-1: runner container ImagePullBackOff: Back-off pulling image"
                        + " \"my/runner:typo\"");
    }

    @Test
    void anImageNameNoRetryCanFixEndsTheRunAtOnce() {
        List<Pod> pods = List.of(
                pending(0, Instant.now(), "InvalidImageName", "couldn't parse image name \"my/Runner\""),
                pending(1, Instant.now(), "ContainerCreating", null));
        LoadTestStatus s = AwaitRunnersTest.starting(); // 2 runners

        steps.awaitRunners(lt, s, pods);
        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunnerFailed");
        assertThat(s.message)
                .isEqualTo("runner pod creds-runner-0 cannot start: runner container InvalidImageName:"
                        + " couldn't parse image name \"my/Runner\"");
    }

    @Test
    void aRunThatNeverStartedDoesNotClaimFiguresFromPartOfItsRunners() {
        // runner 1 is up and answers with its (empty) snapshot; runner 0 cannot start
        RunnerClient oneAnswers = new RunnerClient(new TestConfig(), null) {
            @Override
            public Merged pullMerged(List<Pod> pods, boolean withTimeSeries) {
                return new Merged(new dev.loadtest.engine.stats.StatsCollector("creds", 1000).snapshot(), 1);
            }
        };
        List<Pod> pods = List.of(
                pending(0, Instant.now(), "InvalidImageName", "couldn't parse image name \"my/Runner\""),
                pending(1, Instant.now(), "ContainerCreating", null));
        LoadTestStatus s = AwaitRunnersTest.starting(); // 2 runners

        TestRunSteps.create(new TestConfig(), oneAnswers, null).awaitRunners(lt, s, pods);

        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.message).doesNotContain("figures");
    }
}
