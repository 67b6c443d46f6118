package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A passed run's runner pods go in one API call, not one per runner (a thousand at scale). */
class RunnerPodCleanupTest {
    @RegisterExtension
    final MockApi api = MockApi.crud();

    private Pod runner(String test, int i) {
        return runner(test, i, "Succeeded");
    }

    private Pod runner(String test, int i, String phase) {
        return api.client()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(test + "-runner-" + i)
                        .withNamespace("perf")
                        .withLabels(Map.of(RunnerPods.MANAGED_BY, RunnerPods.OPERATOR, RunnerPods.TEST_LABEL, test))
                        .endMetadata()
                        .withNewStatus()
                        .withPhase(phase)
                        .endStatus()
                        .build())
                .create();
    }

    @Test
    void aPassedRunsRunnerPodsAreDeletedInOneCallAndNoOtherTestsPods() throws Exception {
        LoadTestResource lt = test("done");
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pods.add(runner("done", i));
        }
        runner("other", 0);
        while (api.server().takeRequest(10, TimeUnit.MILLISECONDS) != null) {} // what setting up sent
        LoadTestStatus status = endedJustNow(Phase.Passed);

        TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client())
                .expire(lt, status, pods);

        List<String> deletes = new ArrayList<>();
        for (RecordedRequest r; (r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            if (r.getMethod().equals("DELETE")) {
                deletes.add(r.getPath());
            }
        }
        assertThat(deletes).singleElement().satisfies(p -> assertThat(p).contains("labelSelector"));
        assertThat(api.client().pods().inNamespace("perf").list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("other-runner-0");
    }

    /** A failed run keeps the pods that ran, for their logs; one that never ran has none and goes. */
    @Test
    void aFailedRunKeepsThePodsThatRanAndDeletesOnlyOneThatNeverRan() throws Exception {
        LoadTestResource lt = test("failed");
        List<Pod> pods = List.of(runner("failed", 0, "Failed"), runner("failed", 1, "Pending"));
        while (api.server().takeRequest(10, TimeUnit.MILLISECONDS) != null) {}
        LoadTestStatus status = endedJustNow(Phase.Error);

        TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client())
                .expire(lt, status, pods);

        assertThat(api.client().pods().inNamespace("perf").list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("failed-runner-0");
    }

    /** A kept pod's agent is told to exit, so the pod completes and its logs stay. */
    @Test
    void aKeptRunnerIsToldToExitAndItsPodIsLeft() throws Exception {
        LoadTestResource lt = test("kept");
        Pod ran = api.client()
                .pods()
                .inNamespace("perf")
                .resource(new PodBuilder(runner("kept", 0, "Running"))
                        .editStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .updateStatus();
        java.util.List<String> toldToExit = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunnerClient counting = new RunnerClient(new TestConfig(), api.client()) {
            @Override
            public boolean shutdown(Pod pod) {
                toldToExit.add(pod.getMetadata().getName());
                return true;
            }
        };
        LoadTestStatus status = endedJustNow(Phase.Failed);

        TestRunSteps.create(new TestConfig(), counting, api.client()).expire(lt, status, List.of(ran));

        assertThat(toldToExit).containsExactly("kept-runner-0");
        assertThat(api.client()
                        .pods()
                        .inNamespace("perf")
                        .withName("kept-runner-0")
                        .get())
                .describedAs("a failed run keeps its pods (OnSuccess)")
                .isNotNull();
    }

    /** A LoadTest of 30 users (one runner) named {@code name}. */
    private static LoadTestResource test(String name) {
        return Specs.resource(name, """
                target: {url: "http://api:80"}
                load: {users: 30, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """);
    }

    /** The status of a run that ended in {@code phase} a moment ago. */
    private static LoadTestStatus endedJustNow(Phase phase) {
        LoadTestStatus status = new LoadTestStatus();
        status.phase = phase;
        status.completionTime = Instant.now().toString();
        return status;
    }
}
