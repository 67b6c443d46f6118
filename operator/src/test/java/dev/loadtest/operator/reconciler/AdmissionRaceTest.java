package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two LoadTests of one target never load it together, however their reconciles interleave. A test
 * admitted shows Pending in the informer's cache until its pods are made and Starting is written:
 * a second test created in the same second but sorting first by namespace saw it as waiting behind
 * itself, and both ran.
 */
class AdmissionRaceTest {
    @RegisterExtension
    final MockApi api = MockApi.crud();

    private static LoadTestResource test(String ns, String name) {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(ns)
                .withUid("uid-" + ns + "-" + name)
                .withGeneration(1L)
                .withCreationTimestamp("2026-11-25T12:00:00Z") // the same second: ties go by namespace
                .build());
        lt.setSpec(LoadTestParser.parseAsWritten("""
                        apiVersion: loadtest.dev/v1alpha1
                        kind: LoadTest
                        spec:
                          target: {url: "http://checkout:8080"}
                          load: {users: 2, duration: 5s}
                          scenario: {tasks: [{request: {path: /}}]}
                        """, name).spec);
        return lt;
    }

    private RunSteps steps() {
        return TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client());
    }

    private List<Pod> podsOf(LoadTestResource lt) {
        return api.client().pods().inNamespace(lt.getMetadata().getNamespace()).list().getItems().stream()
                .filter(p -> RunnerPodStates.ownedBy(p, lt.getMetadata().getUid()))
                .toList();
    }

    @Test
    void aTestAdmittedWhileTheCacheStillShowsItPendingHoldsItsTarget() {
        LoadTestResource first = test("ns-b", "zeta");
        LoadTestResource second = test("ns-a", "alpha"); // sorts before the first
        RunSteps steps = steps();

        // the first is reconciled before the second exists (created half a second later)
        LoadTestStatus firstStatus = new LoadTestStatus();
        steps.admit(first, firstStatus, List.of(first), List.of(), Set.of());
        assertThat(firstStatus.phase).isEqualTo(Phase.Starting);

        // the second's reconcile: the cache does not show the first's Starting yet
        LoadTestStatus secondStatus = new LoadTestStatus();
        steps.admit(second, secondStatus, List.of(test("ns-b", "zeta"), second), List.of(), Set.of());
        assertThat(secondStatus.phase).isEqualTo(Phase.Queued);
        assertThat(secondStatus.message).contains("ns-b/zeta");
        assertThat(podsOf(second)).isEmpty();
    }

    @Test
    void afterARestartATestWithRunnerPodsHoldsItsTargetAndGoesOn() {
        LoadTestResource first = test("ns-b", "zeta");
        LoadTestResource second = test("ns-a", "alpha");
        steps().admit(first, new LoadTestStatus(), List.of(first), List.of(), Set.of());
        List<Pod> made = podsOf(first);
        assertThat(made).isNotEmpty();

        // the operator restarts before the first's Starting is written: both show Pending
        RunSteps restarted = steps();
        Set<String> withPods = Set.of(first.getMetadata().getUid());
        LoadTestStatus secondStatus = new LoadTestStatus();
        restarted.admit(second, secondStatus, List.of(first, second), List.of(), withPods);
        assertThat(secondStatus.phase).isEqualTo(Phase.Queued);

        LoadTestStatus firstStatus = new LoadTestStatus();
        restarted.admit(first, firstStatus, List.of(first, second), made, withPods);
        assertThat(firstStatus.phase)
                .describedAs("its runners are made: it goes on, not queued behind one that waits for it")
                .isEqualTo(Phase.Starting);
    }

    @Test
    void anEndedTestNoLongerHoldsItsTarget() {
        LoadTestResource first = test("ns-b", "zeta");
        LoadTestResource second = test("ns-a", "alpha");
        RunSteps steps = steps();
        steps.admit(first, new LoadTestStatus(), List.of(first), List.of(), Set.of());
        steps.forget(first.getMetadata().getUid()); // its terminal status was written
        LoadTestResource ended = test("ns-b", "zeta");
        ended.setStatus(new LoadTestStatus());
        ended.getStatus().phase = Phase.Passed;

        LoadTestStatus secondStatus = new LoadTestStatus();
        steps.admit(
                second,
                secondStatus,
                List.of(ended, second),
                List.of(),
                Set.of(first.getMetadata().getUid()));
        assertThat(secondStatus.phase).isEqualTo(Phase.Starting);
    }

    @Test
    void aRunningTestWhoseSpecWasEditedStillHoldsTheTargetItLoads() {
        LoadTestResource first = test("ns-b", "zeta");
        LoadTestStatus firstStatus = new LoadTestStatus();
        steps().admit(first, firstStatus, List.of(first), List.of(), Set.of());
        assertThat(firstStatus.targetUrl).isEqualTo("http://checkout:8080");

        // someone edits the running test's target (the run goes on with the spec it started with)
        LoadTestResource edited = test("ns-b", "zeta");
        edited.getSpec().target.url = "http://elsewhere:8080";
        edited.setStatus(firstStatus);
        firstStatus.phase = Phase.Running;
        LoadTestResource second = test("ns-a", "alpha");
        second.getMetadata().setCreationTimestamp("2026-11-25T12:05:00Z");
        LoadTestStatus secondStatus = new LoadTestStatus();
        steps().admit(second, secondStatus, List.of(edited, second), List.of(), Set.of());
        assertThat(secondStatus.phase).isEqualTo(Phase.Queued);
    }

    /** At most N at once per target: the first N go, in creation order, and the next waits for them. */
    @Test
    void withALimitOfTwoTheThirdWaitsForTheFirstTwo() {
        var config = new dev.loadtest.operator.sim.TunedConfig(new TestConfig()).maxConcurrentPerTarget(2);
        RunSteps steps = TestRunSteps.create(config, new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestResource a = test("ns", "a");
        LoadTestResource b = test("ns", "b");
        LoadTestResource c = test("ns", "c");
        List<LoadTestResource> all = List.of(a, b, c);

        LoadTestStatus third = new LoadTestStatus();
        steps.admit(c, third, all, List.of(), Set.of());
        assertThat(third.phase).describedAs("a and b come first").isEqualTo(Phase.Queued);
        LoadTestStatus first = new LoadTestStatus();
        steps.admit(a, first, all, List.of(), Set.of());
        LoadTestStatus second = new LoadTestStatus();
        steps.admit(b, second, all, List.of(), Set.of());
        assertThat(List.of(first.phase, second.phase)).containsOnly(Phase.Starting);

        third = new LoadTestStatus();
        steps.admit(c, third, all, List.of(), Set.of());
        assertThat(third.phase).isEqualTo(Phase.Queued);
        assertThat(third.message).contains("ns/a", "ns/b").contains("at most 2");
    }

    /** A fixed spec applied over an Invalid one is admitted while the cache still shows it Invalid. */
    @Test
    void aTestAdmittedWhileTheCacheStillShowsItInvalidHoldsItsTarget() {
        LoadTestResource fixed = test("ns-b", "zeta");
        RunSteps steps = steps();
        steps.admit(fixed, new LoadTestStatus(), List.of(fixed), List.of(), Set.of());
        LoadTestResource cached = test("ns-b", "zeta");
        cached.setStatus(new LoadTestStatus());
        cached.getStatus().phase = Phase.Invalid;

        LoadTestStatus other = new LoadTestStatus();
        LoadTestResource second = test("ns-a", "alpha");
        steps.admit(second, other, List.of(cached, second), List.of(), Set.of());
        assertThat(other.phase).isEqualTo(Phase.Queued);
    }

    /**
     * A reconcile whose list of tests was taken before a newer one appeared, and checked after that
     * one was admitted by another reconcile: the admitted one holds the target all the same.
     */
    @Test
    void aTestAdmittedElsewhereHoldsTheTargetEvenWhereTheListDoesNotShowItYet() {
        LoadTestResource first = test("ns-b", "zeta");
        LoadTestResource second = test("ns-a", "alpha"); // sorts first: nothing is ahead of it
        RunSteps steps = steps();
        LoadTestStatus secondStatus = new LoadTestStatus();
        steps.admit(second, secondStatus, List.of(first, second), List.of(), Set.of());
        assertThat(secondStatus.phase).isEqualTo(Phase.Starting);

        LoadTestStatus firstStatus = new LoadTestStatus();
        steps.admit(first, firstStatus, List.of(first), List.of(), Set.of()); // its list predates the second
        assertThat(firstStatus.phase).isEqualTo(Phase.Queued);
        assertThat(firstStatus.message).contains("ns-a/alpha");
    }

    /** A test deleted while its admission was under way holds nothing afterwards. */
    @Test
    void aTestDeletedWhileBeingAdmittedDoesNotHoldItsTarget() {
        LoadTestResource gone = test("ns-a", "gone");
        RunSteps steps = steps();
        steps.deleted(gone.getMetadata().getUid()); // told of the deletion before its admission ends
        steps.admit(gone, new LoadTestStatus(), List.of(gone), List.of(), Set.of());

        LoadTestResource next = test("ns-b", "next");
        LoadTestStatus nextStatus = new LoadTestStatus();
        steps.admit(next, nextStatus, List.of(next), List.of(), Set.of());
        assertThat(nextStatus.phase).isEqualTo(Phase.Starting);
    }

    /**
     * A test admitted for one target whose spec then names another (edited before its Starting was
     * written, its pods replaced): it queues again for the new one and frees the old one.
     */
    @Test
    void aTestEditedToAnotherTargetBeforeItStartedQueuesAgain() {
        RunSteps steps = steps();
        LoadTestResource x = test("ns", "x");
        steps.admit(x, new LoadTestStatus(), List.of(x), List.of(), Set.of());
        for (Pod p : podsOf(x)) {
            api.client().pods().inNamespace("ns").resource(p).delete(); // replaced after the edit
        }
        LoadTestResource running = test("ns", "running-on-b");
        running.getSpec().target.url = "http://payments:8080";
        running.setStatus(new LoadTestStatus());
        running.getStatus().phase = Phase.Running;
        running.getStatus().targetUrl = "http://payments:8080";
        LoadTestResource edited = test("ns", "x");
        edited.getSpec().target.url = "http://payments:8080";

        LoadTestStatus xStatus = new LoadTestStatus();
        steps.admit(edited, xStatus, List.of(edited, running), List.of(), Set.of());
        assertThat(xStatus.phase).isEqualTo(Phase.Queued);

        LoadTestResource onA = test("ns", "z");
        LoadTestStatus zStatus = new LoadTestStatus();
        steps.admit(onA, zStatus, List.of(edited, running, onA), List.of(), Set.of());
        assertThat(zStatus.phase)
                .describedAs("x no longer holds its first target")
                .isEqualTo(Phase.Starting);
    }

    /** After a restart, a fixed Invalid test whose runner pods were made holds its target. */
    @Test
    void afterARestartAFixedInvalidTestWithRunnerPodsHoldsItsTarget() {
        LoadTestResource fixed = test("ns-b", "zeta");
        fixed.getMetadata().setGeneration(2L);
        fixed.setStatus(new LoadTestStatus());
        fixed.getStatus().phase = Phase.Invalid; // as cached: the fix's admission not written yet
        fixed.getStatus().observedGeneration = 1L;
        LoadTestResource second = test("ns-a", "alpha");

        LoadTestStatus secondStatus = new LoadTestStatus();
        steps().admit(
                        second,
                        secondStatus,
                        List.of(fixed, second),
                        List.of(),
                        Set.of(fixed.getMetadata().getUid()));
        assertThat(secondStatus.phase).isEqualTo(Phase.Queued);
    }

    /**
     * Tests reconciled at the same moment, each with a list of tests that shows only itself (they
     * were all created at once): exactly one is admitted, round after round.
     */
    @Test
    void testsReconciledAtOnceAreAdmittedOneAtATime() throws Exception {
        int threads = 6;
        for (int round = 0; round < 30; round++) {
            RunSteps steps = steps();
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> reconciles = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                LoadTestResource t = test("ns-" + round, "t" + i);
                reconciles.add(Thread.ofPlatform().start(() -> {
                    LoadTestStatus s = new LoadTestStatus();
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    steps.admit(t, s, List.of(t), List.of(), Set.of());
                    if (s.phase == Phase.Starting) {
                        started.incrementAndGet();
                    }
                }));
            }
            for (Thread r : reconciles) {
                r.join();
            }
            assertThat(started.get()).as("round " + round).isEqualTo(1);
        }
    }
}
