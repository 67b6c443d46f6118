package dev.loadtest.operator.reconciler;

import static dev.loadtest.operator.reconciler.RunnerPodStates.failedRunners;
import static dev.loadtest.operator.reconciler.RunnerPodStates.firstFailure;
import static dev.loadtest.operator.reconciler.RunnerPodStates.startedWith;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.engine.threshold.AbortRules;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.status.StatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A running test: its runners pulled and merged (live figures, abort rules, target watching), failures
 * and a stop request acted on, the run finished when every runner is done.
 */
class RunMonitor {
    /** Runners that start further apart than this are reported (a StartSkewed Warning event). */
    static final long MAX_START_SKEW_MS = 1000;

    private final OperatorConfig config;

    private final RunnerClient runners;

    private final Events events;

    private final LoadTestMetrics metrics;

    private final RunWatch watch;

    private final LookThrottle throttle;
    private final RunEnd end;

    RunMonitor(
            OperatorConfig config,
            RunnerClient runners,
            Events events,
            LoadTestMetrics metrics,
            RunWatch watch,
            LookThrottle throttle,
            RunEnd end,
            Clock clock) {
        this.clock = clock;
        this.config = config;
        this.runners = runners;
        this.events = events;
        this.metrics = metrics;
        this.watch = watch;
        this.throttle = throttle;
        this.end = end;
    }

    /** How long runners told to stop at the deadline have to finish before the run ends without them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * Overdue runs being stopped, since when (by uid). In memory: after a restart the grace starts
     * again, which only delays the error.
     */
    private final Map<String, Instant> stoppingOverdue = new ConcurrentHashMap<>();

    private final Clock clock;

    /** A test that ended or was deleted: its grace is dropped. */
    void forget(String uid) {
        stoppingOverdue.remove(uid);
    }

    /** Pull and merge, watch for failures and a stop request, finish when every runner is done. */
    Duration monitor(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        LoadTestSpec started = LoadTestParser.effective(startedWith(lt, pods)).spec; // read once per look
        Optional<String> overdue = RunDeadline.overdue(started, status, config.runOverrun(), clock.instant());
        if (overdue.isPresent() && !allFinished(pods, status.runners.desired)) {
            // runners that all finished (an operator back from a long outage finds them holding
            // their results) are judged as usual: the deadline is for runs that cannot end
            if (status.error == null) {
                // written first (Stopping, with the error), stopped at the next look: a restart
                // between a stop and this status found every runner finished and judged the run as
                // if on time
                return end.failing(lt, status, "RunTimedOut", overdue.get() + notDone(pods), pods);
            }
            // already failing (this deadline, a start that missed a runner, a crash): that stays the
            // reason. The runners told to stop get STOP_GRACE from this look on (an operator back
            // from an outage long past the deadline too) to finish and hand over their whole results
            // (below, as for any failing run); pulled at once, a runner still loading gave a live
            // snapshot without its open interval and its requests in flight
            Instant now = clock.instant();
            Instant since = stoppingOverdue.computeIfAbsent(lt.getMetadata().getUid(), k -> now);
            if (now.isAfter(since.plus(STOP_GRACE))) {
                stoppingOverdue.remove(lt.getMetadata().getUid());
                return end.error(lt, status, status.errorReason, status.error, pods);
            }
        }
        if (status.error == null) {
            Optional<String> failure = firstFailure(lt, pods, status.runners.desired);
            if (failure.isPresent()) {
                return end.failing(lt, status, "RunnerFailed", failure.get(), pods);
            }
        }
        if (lt.stopRequested() && status.phase == Phase.Running) {
            // written first, sent at the next look (and at every look while Stopping)
            status.phase = Phase.Stopping;
            status.message = "stopping: requested by the " + LoadTestResource.STOP_ANNOTATION + " annotation";
            events.normal(lt, "StopRequested", "stopping the runners; results so far are kept");
            return RunEnd.STOP_SOON;
        }
        if (!Objects.equals(status.observedGeneration, lt.generation())) {
            StatusBuilder.condition(
                    status,
                    Condition.SPEC_CHANGE_IGNORED,
                    true,
                    "RunInProgress",
                    "the spec changed after the run started; the run continues with generation "
                            + status.observedGeneration,
                    lt.generation());
        }
        if (status.phase == Phase.Running && status.error == null) {
            // live looks (a pull of every runner, a status write) at most once a poll interval,
            // whatever wakes the reconcile: a churn of runner pod events (readiness flapping, labels
            // written by other controllers) made a look and a status write of each. A failure, a
            // stop and the deadline are seen above, from the informer's cache, at once.
            Optional<Duration> wait = throttle.untilNextLook(lt, config.pollInterval());
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        List<AgentStatus> agents = runners.forAll(pods, p -> runners.status(p).orElse(null));
        int running = 0;
        int finished = 0;
        int failedAgents = 0;
        int users = 0;
        List<Long> starts = new ArrayList<>();
        for (AgentStatus a : agents) {
            if (a == null) {
                continue;
            }
            users += a.users();
            if (a.startedAtEpochMs() > 0) {
                starts.add(a.startedAtEpochMs());
            }
            if (a.state() == AgentState.RUNNING) {
                running++;
            } else if (a.state() == AgentState.FINISHED) {
                finished++;
            } else if (a.state() == AgentState.FAILED) {
                failedAgents++;
                if (status.error == null) {
                    status.runners.failed = failedRunners(lt, pods, agents, status.runners.desired);
                    return end.failing(
                            lt, status, "RunnerFailed", "runner " + a.runnerIndex() + " failed: " + a.message(), pods);
                }
            }
        }
        status.runners.running = running;
        status.runners.succeeded = finished;
        status.runners.failed = failedRunners(lt, pods, agents, status.runners.desired);
        if (status.phase == Phase.Stopping) {
            // Stopping is in status before any runner is told, so a restart still judges the run as
            // stopped; and a stop a runner missed is sent again (it is idempotent there)
            List<Pod> going = new ArrayList<>();
            for (int i = 0; i < pods.size() && i < agents.size(); i++) {
                AgentStatus a = agents.get(i);
                if (a != null && (a.state() == AgentState.RUNNING || a.state() == AgentState.SCHEDULED)) {
                    going.add(pods.get(i));
                }
            }
            runners.forAll(going, runners::stop);
        }
        if (starts.size() == status.runners.desired && !starts.isEmpty()) {
            boolean first = status.runners.startSkewMs == null;
            long earliest = starts.stream().min(Comparator.naturalOrder()).get();
            status.runners.startSkewMs =
                    starts.stream().max(Comparator.naturalOrder()).get() - earliest;
            if (first && status.runners.startSkewMs > MAX_START_SKEW_MS) {
                // a runner that heard the start late (a network hiccup, an operator restart while
                // publishing) started at once: the run goes on, its ramp is staggered, and people are told
                String late = agents.stream()
                        .filter(a -> a != null && a.startedAtEpochMs() - earliest > MAX_START_SKEW_MS)
                        .map(a -> a.runnerIndex() + " (+" + (a.startedAtEpochMs() - earliest) + " ms)")
                        .collect(Collectors.joining(", "));
                events.warning(
                        lt,
                        "StartSkewed",
                        "runners started " + status.runners.startSkewMs + " ms apart, more than "
                                + MAX_START_SKEW_MS + " ms: late runner(s) " + late
                                + "; the load ramped up unevenly at the start");
            }
        }
        if (status.error != null || agents.stream().filter(Objects::nonNull).count() == status.runners.desired) {
            // a runner that did not answer would take its users out; once failing, a runner that
            // is gone or dead has none
            status.users.current = users;
        }
        if (status.error != null) {
            long reachable = agents.stream().filter(Objects::nonNull).count();
            // a failed runner is as done as it will get, and so is one that never heard the start
            // (READY): none will be sent now that the run is failing
            long neverStarted = agents.stream()
                    .filter(a -> a != null && a.state() == AgentState.READY)
                    .count();
            if (finished + failedAgents + neverStarted == reachable) {
                return end.error(lt, status, status.errorReason, status.error, pods);
            }
            return Duration.ofMillis(500);
        }
        if (finished == status.runners.desired) {
            return end.finish(lt, status, pods);
        }
        RunnerClient.Merged live = runners.pullMerged(pods, false);
        boolean everyRunner = live.runners() == status.runners.desired;
        if (everyRunner
                && live.snapshot() != null
                && (status.summary == null || live.snapshot().requests() >= status.summary.requests)) {
            // only a look every runner answered is shown: one that missed a runner (a network blip)
            // would take its requests, errors and latencies out of the figures, and the req/s and
            // p95 gauges with them, while looking whole. Counts shown never go back
            // (loadtest_requests_total is a counter)
            status.summary = StatusBuilder.summary(live.snapshot());
            status.endpoints = StatusBuilder.topEndpoints(live.snapshot());
        }
        AbortRules.Holding fired = watch.look(lt, started, status, everyRunner ? live.snapshot() : null);
        if (fired != null && status.phase == Phase.Running) {
            status.phase = Phase.Stopping;
            status.abortedBy = fired.rule();
            status.message = "aborting: abort rule \"" + fired.rule() + "\" holds (" + fired.measured()
                    + "); stopping the runners, results so far are kept";
            events.warning(lt, "AbortRuleFired", status.message);
            metrics.update(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), status);
            return RunEnd.STOP_SOON;
        }
        if (status.phase == Phase.Running) {
            boolean requestRules = started.abort != null
                    && started.abort.stream()
                            .anyMatch(r -> ThresholdParser.parseAbortRule(r).metric().source == Metric.Source.RUN);
            // rates since the last look need every runner in both: a look that missed one judges
            // no rule on requests, and says so rather than leave them silently off
            status.message = everyRunner
                    ? "running"
                    : "running; " + live.runners() + " of " + status.runners.desired
                            + " runners answered this look: the figures shown are from the last look all answered"
                            + (requestRules ? ", and abort rules on requests were not judged" : "");
        }
        metrics.update(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), status);
        return config.pollInterval();
    }

    /** Whether every one of the run's runners says it has finished its load. */
    private boolean allFinished(List<Pod> pods, int desired) {
        if (pods.size() < desired) {
            return false;
        }
        return runners.forAll(pods, p -> runners.status(p).orElse(null)).stream()
                        .filter(a -> a != null && a.state() == AgentState.FINISHED)
                        .count()
                == desired;
    }

    /** What still runs when a run is overdue, for the error message. */
    private String notDone(List<Pod> pods) {
        List<AgentStatus> agents = runners.forAll(pods, p -> runners.status(p).orElse(null));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            AgentStatus a = agents.get(i);
            if (a == null) {
                names.add(pods.get(i).getMetadata().getName() + " (no answer)");
            } else if (a.state() != AgentState.FINISHED && a.state() != AgentState.FAILED) {
                names.add(pods.get(i).getMetadata().getName() + " ("
                        + a.state().name().toLowerCase() + ")");
            }
        }
        if (names.size() > 5) { // 1,000 names would fill the message, the error and two conditions
            int more = names.size() - 5;
            names = new ArrayList<>(names.subList(0, 5));
            names.add("and " + more + " more");
        }
        return names.isEmpty() ? "" : "; not finished: " + String.join(", ", names);
    }
}
