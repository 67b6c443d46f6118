package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ends a run as a runner failure, read from the runner pods as the kubelet reports them. */
class RunnerFailureTest {
    private final LoadTestResource lt = Specs.resource("mesh", """
            target: {url: "http://api:80"}
            load: {users: 2, duration: 1m}
            runners: {count: 2}
            scenario: {tasks: [{request: {path: /}}]}
            """);

    private static ContainerStatus running(String name) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .build();
    }

    private static ContainerStatus terminated(String name, int exitCode, String reason) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .endTerminated()
                .endState()
                .build();
    }

    private static Pod pod(int i, String phase, ContainerStatus... statuses) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("mesh-runner-" + i)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .withContainerStatuses(statuses)
                .endStatus()
                .build();
    }

    @Test
    void aRunnerDoneBesideAMeshSidecarStillRunningIsNoFailure() {
        List<Pod> pods = List.of(
                pod(0, "Running", terminated("runner", 0, "Completed"), running("istio-proxy")),
                pod(1, "Running", running("runner"), terminated("istio-proxy", 1, "Error")));
        assertThat(RunnerPodStates.firstFailure(lt, pods, 2))
                .describedAs("neither the runner's clean exit nor the sidecar's state is the runner failing")
                .isEmpty();
    }

    @Test
    void aRunnerKilledBesideAMeshSidecarIsNamedWithItsReason() {
        List<Pod> pods = List.of(
                pod(0, "Running", running("runner"), running("istio-proxy")),
                pod(1, "Running", terminated("runner", 137, "OOMKilled"), running("istio-proxy")));
        assertThat(RunnerPodStates.firstFailure(lt, pods, 2))
                .hasValue("runner pod mesh-runner-1 terminated: OOMKilled (exit code 137)");
    }

    @Test
    void aRunnerPodDeletedOutrightIsNamed() {
        List<Pod> pods = List.of(pod(1, "Running", running("runner")));
        assertThat(RunnerPodStates.firstFailure(lt, pods, 2))
                .hasValue("runner pod mesh-runner-0 is gone (deleted or evicted)");
    }

    @Test
    void aRunnerThatCouldNotRunIsNamedWithWhatItsLogSaid() {
        ContainerStatus invalid = new ContainerStatusBuilder()
                .withName("runner")
                .withNewState()
                .withNewTerminated()
                .withExitCode(2)
                .withReason("Error")
                .withMessage("✗ LOADTEST_SPEC:\n  spec.target.url: ${env.BASE_URL} is not set: export BASE_URL=...\n")
                .endTerminated()
                .endState()
                .build();
        List<Pod> pods = List.of(pod(0, "Failed", invalid), pod(1, "Running", running("runner")));

        assertThat(RunnerPodStates.firstFailure(lt, pods, 2))
                .hasValue("runner pod mesh-runner-0 failed: terminated: Error (exit code 2): ✗ LOADTEST_SPEC: |"
                        + " spec.target.url: ${env.BASE_URL} is not set: export BASE_URL=...");
    }
}
