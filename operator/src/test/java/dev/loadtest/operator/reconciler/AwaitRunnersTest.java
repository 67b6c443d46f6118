package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.RunnersStatus;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start barrier while the informer cache catches up with the runner pods just created. */
class AwaitRunnersTest {
    private final RunSteps steps =
            TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null);

    private static LoadTestResource test() {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withName("lt")
                .withNamespace("perf")
                .withUid("uid-1")
                .build());
        lt.setSpec(new dev.loadtest.api.model.LoadTestSpec());
        return lt;
    }

    private static Pod pod(String name, Instant created) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("perf")
                .withCreationTimestamp(created.toString())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build();
    }

    /** A test of 2 runners, starting. */
    static LoadTestStatus starting() {
        LoadTestStatus s = new LoadTestStatus();
        s.phase = Phase.Starting;
        s.runners = new RunnersStatus();
        s.runners.desired = 2;
        return s;
    }

    @Test
    void aPodNotYetInTheCacheIsWaitedForNotCalledGone() {
        LoadTestStatus s = starting();

        steps.awaitRunners(test(), s, List.of(pod("lt-runner-0", Instant.now())));

        assertThat(s.phase).isEqualTo(Phase.Starting);
        assertThat(s.error).isNull();
        assertThat(s.message).isEqualTo("1 of 2 runner pods seen");
    }

    @Test
    void aPodThatNeverAppearsEndsTheRunAtTheStartTimeout() {
        LoadTestStatus s = starting();

        steps.awaitRunners(test(), s, List.of(pod("lt-runner-0", Instant.now().minusSeconds(60))));

        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunnersNotReady");
        assertThat(s.message).isEqualTo("1 of 2 runner pods exist after 30s");
    }

    @Test
    void theSchedulersReasonIsReportedForAYoungerPodOnceTheOldestTimesOut() {
        // 1,000 pods are created over seconds: the oldest crosses the timeout first, while the
        // scheduler turned down one created later
        LoadTestStatus s = starting();
        Pod unschedulable = pod("lt-runner-1", Instant.now().minusSeconds(25));
        unschedulable
                .getStatus()
                .setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
                        .build()));

        steps.awaitRunners(test(), s, List.of(pod("lt-runner-0", Instant.now().minusSeconds(31)), unschedulable));

        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunnerUnschedulable");
        assertThat(s.message)
                .isEqualTo(
                        "lt-runner-1 could not be scheduled within 30s: 0/3 nodes are available: 3 Insufficient cpu.");
    }

    /** A pod the kubelet calls ready, whose agent port answers nothing (as behind a NetworkPolicy). */
    private static Pod readyButSilent(String name, Instant created, int closedPort) {
        Pod p = pod(name, created);
        p.getMetadata()
                .setAnnotations(java.util.Map.of(
                        dev.loadtest.operator.dependent.RunnerPods.AGENT_PORT_ANNOTATION, String.valueOf(closedPort)));
        p.getStatus().setPhase("Running");
        p.getStatus().setPodIP("127.0.0.1");
        p.getStatus()
                .setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .build()));
        return p;
    }

    private static int closedPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void readyPodsWhoseAgentsDoNotAnswerAreNamedWhileWaitingAndAtTheTimeout() throws Exception {
        int closed = closedPort();
        LoadTestStatus waiting = starting();

        steps.awaitRunners(
                test(),
                waiting,
                List.of(
                        readyButSilent("lt-runner-0", Instant.now(), closed),
                        readyButSilent("lt-runner-1", Instant.now(), closed)));

        assertThat(waiting.phase).isEqualTo(Phase.Starting);
        assertThat(waiting.message)
                .isEqualTo("0 of 2 runners ready; no answer from the agent of ready pod(s) lt-runner-0, lt-runner-1"
                        + " (check that a NetworkPolicy lets the operator reach runner pods on the agent port,"
                        + " or set runnerAccess to api-proxy)");

        // a minute later (another operator's look: a look within the second would not ask the agents again)
        LoadTestStatus late = starting();
        TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null)
                .awaitRunners(
                        test(),
                        late,
                        List.of(
                                readyButSilent("lt-runner-0", Instant.now().minusSeconds(60), closed),
                                readyButSilent("lt-runner-1", Instant.now().minusSeconds(60), closed)));

        assertThat(late.phase).isEqualTo(Phase.Error);
        assertThat(late.errorReason).isEqualTo("RunnersNotReady");
        assertThat(late.message)
                .startsWith("0 of 2 runners ready after 30s; no answer from the agent of ready pod(s) lt-runner-0,"
                        + " lt-runner-1");
    }

    @Test
    void theStartLeadGrowsWithTheRunnersThatMustHearIt() {
        long lead = new TestConfig().startLead().toMillis();
        assertThat(steps.startLeadMs(1)).isEqualTo(lead + 3);
        assertThat(steps.startLeadMs(1000))
                .describedAs("1,000 runners: their status, then the start, each sent to every one")
                .isEqualTo(lead + 3000);
    }
}
