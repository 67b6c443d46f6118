package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.Cleanup;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.RunnersStatus;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rules a run follows: its deadline, who goes first on a target, and which pods cleanup removes. */
class RunRulesTest {
    private static LoadTestSpec spec(String load) {
        return LoadTestParser.effective(LoadTestParser.parseAsWritten("""
                        apiVersion: loadtest.dev/v1alpha1
                        kind: LoadTest
                        spec:
                          target: {url: "http://127.0.0.1:1"}
                          load: %s
                          scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                        """.formatted(load), "t")).spec;
    }

    private static LoadTestStatus startedAt(Instant at) {
        LoadTestStatus s = new LoadTestStatus();
        s.phase = Phase.Running;
        s.runners = new RunnersStatus();
        s.runners.desired = 1;
        s.runners.startAt = at.toString();
        s.users = new LoadTestStatus.Users();
        return s;
    }

    @Test
    void theDeadlineIsStartPlusPlannedLengthPlusGracePlusOverrun() {
        Instant start = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(RunDeadline.of(
                        spec("{users: 2, duration: 1m, gracefulStop: 10s}"), startedAt(start), Duration.ofMinutes(2)))
                .contains(Instant.parse("2026-11-24T12:03:10Z"));
        assertThat(RunDeadline.of(
                        spec("{stages: [{duration: 30s, users: 5}, {duration: 1m, users: 5}]}"),
                        startedAt(start),
                        Duration.ofSeconds(20)))
                .describedAs("stages add up; the default gracefulStop is 30 s")
                .contains(Instant.parse("2026-11-24T12:02:20Z"));
    }

    @Test
    void overdueOnlyAfterTheDeadlineAndNeverBeforeTheStart() {
        Instant start = Instant.parse("2026-11-24T12:00:00Z");
        LoadTestSpec spec = spec("{users: 2, duration: 1m, gracefulStop: 10s}");
        assertThat(RunDeadline.overdue(
                        spec, startedAt(start), Duration.ofMinutes(2), Instant.parse("2026-11-24T12:03:09Z")))
                .isEmpty();
        assertThat(RunDeadline.overdue(
                        spec, startedAt(start), Duration.ofMinutes(2), Instant.parse("2026-11-24T12:03:11Z")))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("did not end by 2026-11-24T12:03:10Z")
                        .contains("planned 1m")
                        .contains("gracefulStop 10s")
                        .contains("runOverrun 2m"));
        LoadTestStatus notStarted = startedAt(start);
        notStarted.runners.startAt = null;
        assertThat(RunDeadline.overdue(spec, notStarted, Duration.ZERO, Instant.parse("2030-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void theStartTimeIsOnABoundaryOfTheRunsStatisticsInterval() {
        // runners file intervals by the nearest wall-clock boundary: a start half-way between two
        // would let milliseconds of skew split the runners' first intervals
        LoadTestSpec tenSeconds = spec("{users: 1, duration: 10s}");
        assertThat(StartBarrier.startOnIntervalBoundary(1_000_000_499L, tenSeconds))
                .isEqualTo(1_000_001_000L);
        assertThat(StartBarrier.startOnIntervalBoundary(1_000_001_000L, tenSeconds))
                .isEqualTo(1_000_001_000L);
        LoadTestSpec oneHour = spec("{users: 1, duration: 1h}"); // 5 s intervals
        assertThat(StartBarrier.startOnIntervalBoundary(1_000_000_001L, oneHour))
                .isEqualTo(1_000_005_000L);
    }

    @Test
    void theStoredSeriesKeepsAtMostResultIntervalsWindowsOfWholeIntervals() {
        assertThat(RunEnd.resultWindowMs(spec("{users: 1, duration: 30s}"), 60)).isEqualTo(1000);
        assertThat(RunEnd.resultWindowMs(spec("{users: 1, duration: 60s}"), 60)).isEqualTo(1000);
        assertThat(RunEnd.resultWindowMs(spec("{users: 1, duration: 10m}"), 60)).isEqualTo(10_000);
        assertThat(RunEnd.resultWindowMs(spec("{users: 1, duration: 1h}"), 60)) // 5 s intervals
                .isEqualTo(60_000);
        assertThat(RunEnd.resultWindowMs(spec("{users: 1, duration: 7m}"), 60)) // 420 intervals
                .isEqualTo(7000);
    }

    @Test
    void anOverdueRunEndsAsAnErrorNamingTheDeadline() {
        RunSteps steps = TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), null), null);
        LoadTestResource lt = late();
        LoadTestStatus s = startedAt(Instant.now().minusSeconds(600));

        steps.monitor(lt, s, List.of());
        // the error is written before any runner is stopped: a restart after a stop cannot judge
        // the run as if it had ended on time
        assertThat(s.phase).isEqualTo(Phase.Stopping);
        assertThat(s.errorReason).isEqualTo("RunTimedOut");
        assertThat(s.completionTime).isNull();

        steps.monitor(lt, s, List.of());
        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunTimedOut");
        assertThat(s.message).contains("the run did not end by");
        assertThat(s.completionTime).isNotNull();
    }

    @Test
    void runnersStoppedAtTheDeadlineHaveAGraceToHandOverWholeResults() {
        List<String> stopped = new ArrayList<>();
        RunnerClient stillLoading = new RunnerClient(new TestConfig(), null) {
            @Override
            public java.util.Optional<AgentStatus> status(Pod pod) {
                return java.util.Optional.of(new AgentStatus(AgentState.RUNNING, 0, 1, 10, 1, "running"));
            }

            @Override
            public boolean stop(Pod pod) {
                stopped.add(pod.getMetadata().getName());
                return true;
            }
        };
        Instant[] now = {Instant.now()};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RunSteps steps = new RunSteps(
                new TestConfig(),
                stillLoading,
                new Events(null),
                new LoadTestMetrics(new SimpleMeterRegistry()),
                null,
                TestRunSteps.watch(null),
                clock);
        LoadTestResource lt = late();
        // an operator back from an outage: the deadline passed ten minutes ago
        LoadTestStatus s = startedAt(Instant.now().minusSeconds(600));
        List<Pod> pods = List.of(pod("late-runner-0", "Running"));

        steps.monitor(lt, s, pods);
        assertThat(s.phase).isEqualTo(Phase.Stopping);
        assertThat(stopped).isEmpty(); // the error is written first

        steps.monitor(lt, s, pods);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Stopping);
        assertThat(stopped).containsExactly("late-runner-0");

        now[0] = now[0].plus(RunMonitor.STOP_GRACE).minusSeconds(1);
        steps.monitor(lt, s, pods);
        assertThat(s.phase).describedAs("within the grace from the stop").isEqualTo(Phase.Stopping);

        // a runner that still has not finished when the grace is over no longer holds the run
        now[0] = now[0].plusSeconds(2);
        steps.monitor(lt, s, pods);
        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunTimedOut");
    }

    @Test
    void whileAFailedRunStopsItsUsersAreThoseOfTheRunnersStillThere() {
        RunnerClient oneLeft = new RunnerClient(new TestConfig(), null) {
            @Override
            public java.util.Optional<AgentStatus> status(Pod pod) {
                return java.util.Optional.of(new AgentStatus(AgentState.RUNNING, 0, 3, 10, 1, "stopping"));
            }
        };
        LoadTestResource lt = late();
        LoadTestStatus s = startedAt(Instant.now());
        s.runners.desired = 2;
        s.users.current = 6;
        s.phase = Phase.Stopping;
        s.error = "runner pod late-runner-1 is gone (deleted or evicted)";
        s.errorReason = "RunnerFailed";

        TestRunSteps.create(new TestConfig(), oneLeft, null).monitor(lt, s, List.of(pod("late-runner-0", "Running")));

        assertThat(s.users.current)
                .describedAs("runner 1 is gone: its users with it")
                .isEqualTo(3);
    }

    /** A test of 1 s load and 1 s graceful stop. */
    private static LoadTestResource late() {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withName("late")
                .withNamespace("perf")
                .withUid("u")
                .build());
        lt.setSpec(spec("{users: 1, duration: 1s, gracefulStop: 1s}"));
        return lt;
    }

    private static LoadTestResource test(String ns, String name, String created, Phase phase) {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withNamespace(ns)
                .withName(name)
                .withUid(ns + "/" + name)
                .withCreationTimestamp(created)
                .build());
        if (phase != null) {
            lt.setStatus(new LoadTestStatus());
            lt.getStatus().phase = phase;
        }
        return lt;
    }

    private static final Function<LoadTestResource, String> SAME_TARGET = o -> "http://svc";

    @Test
    void aheadOnATargetAreTheActiveOnesAndOlderWaitingOnes() {
        LoadTestResource me = test("a", "me", "2026-11-24T12:00:05Z", Phase.Queued);
        List<LoadTestResource> others = new ArrayList<>(List.of(
                test("a", "running", "2026-11-24T12:00:09Z", Phase.Running),
                test("a", "older-queued", "2026-11-24T12:00:01Z", Phase.Queued),
                test("b", "older-new", "2026-11-24T12:00:02Z", null),
                test("a", "newer-pending", "2026-11-24T12:00:06Z", Phase.Pending),
                test("a", "done", "2026-11-24T11:00:00Z", Phase.Passed),
                test("a", "invalid", "2026-11-24T11:00:00Z", Phase.Invalid),
                me));

        assertThat(TargetQueue.ahead(me, "http://svc", others, SAME_TARGET, o -> false))
                .containsExactly("a/older-queued", "b/older-new", "a/running");
        assertThat(TargetQueue.ahead(me, "http://svc", others, o -> "http://elsewhere", o -> false))
                .describedAs("only tests of the same target count")
                .isEmpty();
    }

    @Test
    void twoTestsCreatedInTheSameSecondAreOrderedByName() {
        LoadTestResource a = test("ns", "a", "2026-11-24T12:00:00Z", null);
        LoadTestResource b = test("ns", "b", "2026-11-24T12:00:00Z", null);
        List<LoadTestResource> both = List.of(a, b);

        assertThat(TargetQueue.ahead(a, "http://svc", both, SAME_TARGET, o -> false))
                .isEmpty();
        assertThat(TargetQueue.ahead(b, "http://svc", both, SAME_TARGET, o -> false))
                .containsExactly("ns/a");
    }

    @Test
    void onSuccessDeletesOnlyThePodsOfAPassedRun() {
        Cleanup onSuccess = new Cleanup();
        assertThat(CleanupPolicy.deletesRunnerPods(null, Phase.Passed)).isTrue();
        for (Phase kept : List.of(Phase.Failed, Phase.Aborted, Phase.Error)) {
            assertThat(CleanupPolicy.deletesRunnerPods(onSuccess, kept))
                    .as(kept.name())
                    .isFalse();
        }
        Cleanup always = new Cleanup();
        always.runnerPods = "Always";
        Cleanup never = new Cleanup();
        never.runnerPods = "Never";
        for (Phase p : List.of(Phase.Passed, Phase.Failed, Phase.Aborted, Phase.Error)) {
            assertThat(CleanupPolicy.deletesRunnerPods(always, p))
                    .as("Always " + p)
                    .isTrue();
            assertThat(CleanupPolicy.deletesRunnerPods(never, p))
                    .as("Never " + p)
                    .isFalse();
        }
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(String name, String phase) {
        return new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void failedRunnersCountFailedPodsPodsGoneAndAgentsThatSayFailed() {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder().withName("lt").build());
        var pods = List.of(
                pod("lt-runner-0", "Running"),
                pod("lt-runner-1", "Failed"),
                pod("lt-runner-2", "Running"),
                pod("lt-runner-4", "Running")); // runner 3's pod is gone
        var running = new dev.loadtest.engine.agent.AgentStatus(
                dev.loadtest.engine.agent.AgentState.RUNNING, 0, 1, 1, 1, "running");
        var failed = new dev.loadtest.engine.agent.AgentStatus(
                dev.loadtest.engine.agent.AgentState.FAILED, 2, 0, 0, 1, "failed: data file");
        java.util.List<dev.loadtest.engine.agent.AgentStatus> agents = new ArrayList<>();
        agents.add(running);
        agents.add(null);
        agents.add(failed);
        agents.add(running);

        assertThat(RunnerPodStates.failedRunners(lt, pods, agents, 5)).isEqualTo(3);
        assertThat(RunnerPodStates.failedRunners(lt, List.of(pods.get(0)), List.of(running), 1))
                .isZero();
    }
}
