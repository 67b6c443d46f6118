package dev.loadtest.operator.reconciler;

import static dev.loadtest.operator.reconciler.RunnerPodStates.firstFailure;
import static dev.loadtest.operator.reconciler.RunnerPodStates.olderThan;
import static dev.loadtest.operator.reconciler.RunnerPodStates.startedWith;
import static dev.loadtest.operator.reconciler.RunnerPodStates.unschedulable;
import static dev.loadtest.operator.reconciler.RunnerPodStates.waiting;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.status.StatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runners start together: once every runner is ready, one start time is written to status and then
 * sent to each, so a restart between the two sends the same time again.
 */
public class StartBarrier {
    /** A start time with less than this left, heard by no runner yet, is replaced by a new one. */
    static final long MIN_START_LEAD_MS = 250;

    private final OperatorConfig config;

    private final RunnerClient runners;

    private final Events events;

    private final RunWatch watch;

    private final LookThrottle throttle;
    private final RunEnd end;

    StartBarrier(
            OperatorConfig config,
            RunnerClient runners,
            Events events,
            RunWatch watch,
            LookThrottle throttle,
            RunEnd end) {
        this.config = config;
        this.runners = runners;
        this.events = events;
        this.watch = watch;
        this.throttle = throttle;
        this.end = end;
    }

    /** Wait until every runner is ready, then publish one start time (the barrier). */
    Duration awaitRunners(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        int desired = status.runners.desired;
        Duration timeout = startTimeout(lt);
        if (lt.stopRequested() && !startPublished(pods)) {
            runners.forAll(pods.stream().filter(RunnerPodStates::podReady).toList(), runners::stop);
            return end.stoppedBeforeStart(lt, status);
        } // a start some runners heard goes on: the stop is handled as in a running test
        boolean late = startingLongerThan(status, timeout);
        if (pods.size() < desired) {
            // Just created: the informer cache may not show every pod yet. Not a failure before the
            // start (nothing has run); a pod that never appears ends the run at the start timeout.
            if (late || pods.stream().anyMatch(p -> olderThan(p, timeout))) {
                return startFailed(
                        lt,
                        status,
                        "RunnersNotReady",
                        pods.size() + " of " + desired + " runner pods exist after " + Durations.format(timeout),
                        pods);
            }
            status.message = pods.size() + " of " + desired + " runner pods seen";
            return Duration.ofMillis(500);
        }
        Optional<String> failure = firstFailure(lt, pods, desired);
        if (failure.isPresent()) {
            return startFailed(lt, status, "RunnerFailed", failure.get(), pods);
        }
        // Past the timeout, any runner the scheduler turned down names the reason (Insufficient cpu...),
        // not only one that is itself that old: hundreds of pods are created over seconds, and the
        // last created are the ones that find no room
        boolean timedOut = late || pods.stream().anyMatch(p -> olderThan(p, timeout));
        for (Pod p : pods) {
            Optional<String> unschedulable = unschedulable(p);
            if (unschedulable.isPresent() && timedOut) {
                return startFailed(
                        lt,
                        status,
                        "RunnerUnschedulable",
                        p.getMetadata().getName() + " could not be scheduled within " + Durations.format(timeout) + ": "
                                + unschedulable.get(),
                        pods);
            }
        }
        if (status.runners.startAt == null) {
            // the runners' agents are asked at most once a second (or poll interval) while they come
            // up: a thousand pods starting make thousands of pod events, and each reconcile asked
            // every ready agent (through the API server with runnerAccess api-proxy). Failures and
            // the scheduler's refusals are seen above, from the cache, at once; publishing the
            // start is never held back
            Optional<Duration> wait = throttle.untilNextLook(lt, min(config.pollInterval(), Duration.ofSeconds(1)));
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        List<Pod> ready = pods.stream().filter(RunnerPodStates::podReady).toList();
        List<AgentStatus> agents = runners.forAll(ready, p -> runners.status(p).orElse(null));
        for (AgentStatus a : agents) {
            if (a != null && a.state() == AgentState.FAILED) {
                return startFailed(
                        lt, status, "RunnerFailed", "runner " + a.runnerIndex() + " failed: " + a.message(), pods);
            }
        }
        // SCHEDULED or later: this runner heard the start time (from this operator before a restart)
        int agentsReady = (int) agents.stream()
                .filter(a -> a != null && a.state() != AgentState.FAILED)
                .count();
        boolean published = agents.stream().anyMatch(a -> a != null && a.state() != AgentState.READY);
        status.runners.ready = agentsReady;
        if (agentsReady < desired) {
            String silent = silentAgents(ready, agents) + notStarting(pods);
            if (timedOut) {
                return startFailed(
                        lt,
                        status,
                        "RunnersNotReady",
                        agentsReady + " of " + desired + " runners ready after " + Durations.format(timeout) + silent,
                        pods);
            }
            status.message = agentsReady + " of " + desired + " runners ready" + silent;
            return Duration.ofSeconds(1);
        }
        long now = System.currentTimeMillis();
        if (status.runners.startAt == null
                || !published && Instant.parse(status.runners.startAt).toEpochMilli() < now + MIN_START_LEAD_MS) {
            // The start time is written to status before any runner hears it: an operator restarted
            // between the two sends the same time again instead of stranding runners already scheduled.
            LoadTestSpec spec = LoadTestParser.effective(startedWith(lt, pods)).spec;
            long startAt = startOnIntervalBoundary(now + startLeadMs(desired), spec);
            watch.begin(lt, spec, status, startAt);
            status.runners.startAt = Instant.ofEpochMilli(startAt).toString();
            status.message = "all " + desired + " runners ready; starting together at " + status.runners.startAt;
            return Duration.ofMillis(1);
        }
        long startAt = Instant.parse(status.runners.startAt).toEpochMilli();
        List<Boolean> sent = runners.forAll(pods, p -> runners.start(p, startAt));
        if (sent.contains(null) || sent.contains(false)) {
            if (System.currentTimeMillis() > startAt + timeout.toMillis()) {
                String why = "could not reach every runner with the start time " + status.runners.startAt + " within "
                        + Durations.format(timeout);
                return startFailed(lt, status, "RunnersNotStarted", why, pods);
            }
            status.message = "could not reach every runner with the start time; retrying";
            return Duration.ofSeconds(1); // start is idempotent on the runner side
        }
        status.phase = Phase.Running;
        status.startTime = status.runners.startAt;
        status.message = "running";
        StatusBuilder.condition(
                status,
                Condition.RUNNING,
                true,
                "Running",
                "load started on " + desired + " runner(s)",
                lt.generation());
        events.normal(lt, "Started", desired + " runner(s) start together at " + status.runners.startAt);
        return Duration.ofMillis(Math.max(0, startAt - System.currentTimeMillis()) + 500);
    }

    /**
     * A failure while starting. Once a start time was chosen, some runner may be loading (it heard
     * the time, maybe from this operator before a restart): the run goes through Stopping like any
     * failed run, so those runners are stopped and their results merged whole once they finish,
     * not pulled mid-stop. A runner that never heard the start counts as done there.
     */
    private Duration startFailed(
            LoadTestResource lt, LoadTestStatus status, String reason, String message, List<Pod> pods) {
        return status.runners != null && status.runners.startAt != null
                ? end.failing(lt, status, reason, message, pods)
                : end.error(lt, status, reason, message, pods);
    }

    /** Whether some runner has heard the start time (it is SCHEDULED, RUNNING or done). */
    private boolean startPublished(List<Pod> pods) {
        List<Pod> ready = pods.stream().filter(RunnerPodStates::podReady).toList();
        return runners.forAll(ready, p -> runners.status(p).orElse(null)).stream()
                .anyMatch(a -> a != null && a.state() != AgentState.READY);
    }

    /**
     * Pods the kubelet calls ready whose agent did not answer: the operator cannot reach them (a
     * default-deny NetworkPolicy, a mesh in strict mTLS), which no pod status shows. Named, so the
     * wait and its timeout say where to look instead of only counting.
     */
    private String silentAgents(List<Pod> ready, List<AgentStatus> agents) {
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            if (agents.get(i) == null) {
                silent.add(ready.get(i).getMetadata().getName());
            }
        }
        if (silent.isEmpty()) {
            return "";
        }
        String names = silent.size() <= 3
                ? String.join(", ", silent)
                : String.join(", ", silent.subList(0, 3)) + " and " + (silent.size() - 3) + " more";
        String hint = "api-proxy".equals(config.runnerAccess())
                ? "the API server's pod proxy got no answer: check the operator's pods/proxy right"
                : "check that a NetworkPolicy lets the operator reach runner pods on the agent port,"
                        + " or set runnerAccess to api-proxy";
        return "; no answer from the agent of ready pod(s) " + names + " (" + hint + ")";
    }

    /**
     * Runner pods whose containers cannot start yet and why (a missing secret, an image that cannot
     * be pulled): said while waiting and in the timeout's error, where a count alone left people to
     * find it in {@code kubectl describe pod}.
     */
    private static String notStarting(List<Pod> pods) {
        List<String> why = new ArrayList<>();
        int more = 0;
        for (Pod p : pods) {
            Optional<String> w = waiting(p);
            if (w.isPresent() && why.size() < 3) {
                why.add(p.getMetadata().getName() + ": " + w.get());
            } else if (w.isPresent()) {
                more++;
            }
        }
        return why.isEmpty()
                ? ""
                : "; not starting: " + String.join("; ", why) + (more > 0 ? "; and " + more + " more" : "");
    }

    /**
     * How far ahead the start time is set: the configured lead, plus 3 ms a runner. The look that
     * publishes it asks every runner for its status and then sends it to each (1,000 runners: 1.5 s
     * for the sends alone on loopback, docs/benchmarks.md), and a runner that hears it late starts
     * at once, out of step.
     */
    long startLeadMs(int runners) {
        return startLeadMs(config.startLead().toMillis(), runners);
    }

    /** {@code leadMs} plus 3 ms a runner (see {@link #startLeadMs(int)}); the skew benchmark uses it too. */
    public static long startLeadMs(long leadMs, int runners) {
        return leadMs + 3L * runners;
    }

    /**
     * The first boundary of the run's statistics interval at or after {@code earliest}. Runners
     * file their intervals by the nearest wall-clock boundary: started on one, a few milliseconds of
     * skew cannot put one runner's first interval beside another's second, as a start half-way
     * between two boundaries could.
     */
    static long startOnIntervalBoundary(long earliest, LoadTestSpec spec) {
        long interval = LoadRun.autoIntervalMs(spec);
        return Math.ceilDiv(earliest, interval) * interval;
    }

    /** Starting (Running=False since admission) for longer than {@code d}. */
    private static boolean startingLongerThan(LoadTestStatus status, Duration d) {
        return status.conditions.stream()
                .filter(c -> Condition.RUNNING.equals(c.type) && "False".equals(c.status))
                .map(c -> c.lastTransitionTime)
                .filter(Objects::nonNull)
                .anyMatch(t -> Instant.parse(t).plus(d).isBefore(Instant.now()));
    }

    private Duration startTimeout(LoadTestResource lt) {
        String t = lt.getSpec().runners == null ? null : lt.getSpec().runners.startTimeout;
        return t == null ? config.startTimeout() : Durations.parse(t);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
