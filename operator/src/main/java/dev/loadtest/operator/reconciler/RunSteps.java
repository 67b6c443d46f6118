package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.ClusterRules;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.parse.Problem;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.RunnersStatus;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.AbortRules;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.results.ResultsStore;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sizing.RunPlan;
import dev.loadtest.operator.sizing.RunSizer;
import dev.loadtest.operator.status.StatusBuilder;
import dev.loadtest.operator.target.TargetStore;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The named steps of a run, one per phase: admit (validate, queue, size, create runners), await
 * runners (start barrier), monitor (pull, merge, watch for failures and stop), finish (judge,
 * store, clean up), expire (TTL). Each step reads the world (pods from the informer cache, runners
 * over HTTP), updates the status it is given, and says when to look again. No state is kept here:
 * everything a step needs is in the API server or in the runners, so an operator restart loses
 * nothing.
 */
@ApplicationScoped
public class RunSteps {
    private static final Logger LOG = Logger.getLogger(RunSteps.class);

    /** A start time with less than this left, heard by no runner yet, is replaced by a new one. */
    static final long MIN_START_LEAD_MS = 250;
    /** Runners that start further apart than this are reported (a StartSkewed Warning event). */
    static final long MAX_START_SKEW_MS = 1000;

    /** The look after Stopping is written that tells the runners. */
    private static final Duration STOP_SOON = Duration.ofMillis(1);

    /** The look after the end that releases the runners, once the terminal status is written. */
    private static final Duration RELEASE_SOON = Duration.ofMillis(200);

    /** Runners that will not exit are asked again for this long after the end, then left be. */
    private static final Duration RELEASE_FOR = Duration.ofMinutes(2);

    private final OperatorConfig config;
    private final RunnerClient runners;
    private final Events events;
    private final LoadTestMetrics metrics;
    /**
     * LoadTests (uid) whose final results are still missing some runner, since when. In memory: after
     * a restart the allowance starts again, which only delays the error.
     */
    private final Map<String, Instant> collectingSince = new ConcurrentHashMap<>();

    private final KubernetesClient client;
    private final RunWatch watch;

    public RunSteps(
            OperatorConfig config,
            RunnerClient runners,
            Events events,
            LoadTestMetrics metrics,
            KubernetesClient client,
            RunWatch watch) {
        this.config = config;
        this.runners = runners;
        this.events = events;
        this.metrics = metrics;
        this.client = client;
        this.watch = watch;
    }

    /** Who may load a target now: the per-target queue's admissions. */
    private final Admissions admissions = new Admissions();

    /** A LoadTest was deleted: it holds nothing any more. */
    public void deleted(String uid) {
        admissions.deleted(uid);
        forget(uid);
    }

    /** A LoadTest that ended or was deleted no longer holds its target. */
    public void forget(String uid) {
        admissions.forget(uid);
        collectingSince.remove(uid);
        lastLook.remove(uid);
        storeFailingSince.remove(uid);
    }

    /** When each starting or running test's runners were last asked (System.nanoTime), by uid. */
    private final Map<String, Long> lastLook = new ConcurrentHashMap<>();

    /**
     * How long until the runners of {@code lt} may be asked again, at most once {@code every}; empty
     * when they may be now (and the ask is recorded). On a monotonic clock: a step back of the wall
     * clock would stop the looks.
     */
    private Optional<Duration> untilNextLook(LoadTestResource lt, Duration every) {
        long now = System.nanoTime();
        Long last = lastLook.get(lt.getMetadata().getUid());
        long wait = last == null ? 0 : last + every.toNanos() - now;
        if (wait > 0) {
            return Optional.of(Duration.ofNanos(wait));
        }
        lastLook.put(lt.getMetadata().getUid(), now);
        // a test deleted while a look was under way put its entry back after forget
        lastLook.values().removeIf(t -> now - t > Duration.ofMinutes(10).toNanos());
        return Optional.empty();
    }

    /**
     * Validate, queue behind other tests of the same target, size, create runner pods. {@code
     * withRunnerPods}: the uids of tests that have runner pods (admitted, by this process or one
     * before a restart, whatever their phase shows yet).
     */
    Duration admit(
            LoadTestResource lt,
            LoadTestStatus status,
            List<LoadTestResource> others,
            List<Pod> pods,
            Set<String> withRunnerPods) {
        long generation = generation(lt);
        List<Problem> problems = ClusterRules.validate(lt.asLoadTest());
        if (!problems.isEmpty()) {
            String message = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
            status.phase = Phase.Invalid;
            status.observedGeneration = generation;
            status.message = "invalid spec: " + message + " (fix the spec and apply it again)";
            status.completionTime = Instant.now().toString();
            StatusBuilder.condition(status, Condition.VALID, false, "InvalidSpec", message, generation);
            StatusBuilder.condition(
                    status, Condition.COMPLETE, true, "InvalidSpec", "nothing was run: " + message, generation);
            notJudged(status, "nothing was run: the spec is invalid", generation);
            events.warning(lt, "InvalidSpec", message);
            metrics.finished(ns(lt), name(lt), Phase.Invalid.name());
            return ttlRequeue(lt, status);
        }
        StatusBuilder.condition(status, Condition.VALID, true, "Valid", "the spec is valid", generation);
        if (lt.stopRequested()) {
            return stoppedBeforeStart(lt, status);
        }
        LoadTest effective = LoadTestParser.effective(lt.asLoadTest());
        String target = effective.spec.target == null ? null : effective.spec.target.url;
        if (target != null) {
            List<String> ahead = admissions.ahead(
                    lt, target, others, !pods.isEmpty(), withRunnerPods, config.maxConcurrentPerTarget());
            if (ahead.size() >= config.maxConcurrentPerTarget()) {
                String why = "waiting for " + String.join(", ", ahead) + " (at most " + config.maxConcurrentPerTarget()
                        + " LoadTest(s) load " + target + " at once, in the order they were created)";
                if (status.phase != Phase.Queued) {
                    events.normal(lt, "Queued", why);
                }
                status.phase = Phase.Queued;
                status.message = "queued: " + why;
                return Duration.ofSeconds(2);
            }
        }
        RunPlan plan = RunSizer.plan(effective.spec, config.usersPerRunner());
        List<Pod> stale = pods.stream()
                .filter(p -> RunnerPods.generation(p).map(g -> g != generation).orElse(false))
                .toList();
        if (!stale.isEmpty() || pods.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null)) {
            // An earlier admission made these runners from a spec edited since (its Starting write
            // was lost: a conflict with the edit, or the operator died). None has heard a start time,
            // so they are replaced, not mixed with runners of the new spec: runners of two specs or
            // two runner counts would load the target with shares that do not add up.
            // (16 at a time, as they were made: a thousand deleted one after another took minutes)
            PodBatch.deleteAll(
                            client,
                            ns(lt),
                            stale.stream()
                                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                                    .toList())
                    .stream()
                    .map(PodBatch.Result::failure)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .ifPresent(e -> {
                        throw e; // the reconcile is tried again; pods already going are left to go
                    });
            status.message = "the spec changed while its runners were being created: replacing them";
            return Duration.ofSeconds(1);
        }
        Set<String> existing = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        List<Pod> missing = new ArrayList<>();
        for (int i = 0; i < plan.runners(); i++) {
            if (!existing.contains(RunnerPods.name(name(lt), i))) {
                missing.add(RunnerPods.desired(lt, plan, i, config.runnerImage(), config.agentPort()));
            }
        }
        KubernetesClientException retryable = null;
        for (PodBatch.Result r : PodBatch.createAll(client, ns(lt), missing)) {
            KubernetesClientException e = r.failure();
            if (e == null) {
                continue;
            }
            String podName = r.pod().getMetadata().getName();
            if (e.getCode() == 409) {
                Pod other = client.pods().inNamespace(ns(lt)).withName(podName).get();
                if (other == null || ownedBy(other, lt.getMetadata().getUid())) {
                    continue; // ours: an earlier reconcile created it
                }
                // a deleted LoadTest of the same name: its pod is still going away
                status.message =
                        "waiting for runner pod " + podName + " of an earlier LoadTest of this name to be deleted";
                return Duration.ofSeconds(2);
            }
            if (PodBatch.refusedForGood(e)) {
                // a quota, an admission policy or a bad field: retrying would fail the same way
                if (status.runners == null) {
                    status.runners = new RunnersStatus();
                    status.runners.desired = plan.runners();
                }
                return error(
                        lt,
                        status,
                        "RunnerPodRejected",
                        "the API server refused runner pod " + podName + " (HTTP " + e.getCode() + "): " + rejection(e),
                        pods);
            }
            retryable = retryable == null ? e : retryable;
        }
        if (retryable != null) {
            throw retryable; // a server error or throttling: the reconcile is retried, made pods are kept
        }
        status.phase = Phase.Starting;
        status.targetUrl = target;
        status.observedGeneration = generation;
        status.runners = new RunnersStatus();
        status.runners.desired = plan.runners();
        status.users = new LoadTestStatus.Users();
        status.users.target = plan.peakUsers();
        status.message = "starting " + plan.runners() + " runner(s) for " + plan.peakUsers() + " users";
        StatusBuilder.condition(status, Condition.RUNNING, false, "Starting", status.message, generation);
        events.normal(lt, "Starting", status.message);
        return Duration.ofSeconds(1);
    }

    /** Wait until every runner is ready, then publish one start time (the barrier). */
    Duration awaitRunners(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        int desired = status.runners.desired;
        Duration timeout = startTimeout(lt);
        if (lt.stopRequested() && !startPublished(pods)) {
            runners.forAll(pods.stream().filter(RunSteps::podReady).toList(), runners::stop);
            return stoppedBeforeStart(lt, status);
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
            Optional<Duration> wait = untilNextLook(lt, min(config.pollInterval(), Duration.ofSeconds(1)));
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        List<Pod> ready = pods.stream().filter(RunSteps::podReady).toList();
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
            String silent = silentAgents(ready, agents);
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
                generation(lt));
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
                ? failing(lt, status, reason, message, pods)
                : error(lt, status, reason, message, pods);
    }

    /** Pull and merge, watch for failures and a stop request, finish when every runner is done. */
    Duration monitor(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        LoadTestSpec started = LoadTestParser.effective(startedWith(lt, pods)).spec; // read once per look
        Optional<String> overdue = RunDeadline.overdue(started, status, config.runOverrun(), Instant.now());
        if (overdue.isPresent() && !allFinished(pods, status.runners.desired)) {
            // runners that all finished (an operator back from a long outage finds them holding
            // their results) are judged as usual: the deadline is for runs that cannot end
            if (status.error != null) {
                // already failing (a start that missed a runner, a crash): that stays the reason
                return error(lt, status, status.errorReason, status.error, pods);
            }
            // written first (Stopping, with the error), stopped at the next look: a restart between
            // a stop and this status found every runner finished and judged the run as if on time
            return failing(lt, status, "RunTimedOut", overdue.get() + notDone(pods), pods);
        }
        if (status.error == null) {
            Optional<String> failure = firstFailure(lt, pods, status.runners.desired);
            if (failure.isPresent()) {
                return failing(lt, status, "RunnerFailed", failure.get(), pods);
            }
        }
        if (lt.stopRequested() && status.phase == Phase.Running) {
            // written first, sent at the next look (and at every look while Stopping)
            status.phase = Phase.Stopping;
            status.message = "stopping: requested by the " + LoadTestResource.STOP_ANNOTATION + " annotation";
            events.normal(lt, "StopRequested", "stopping the runners; results so far are kept");
            return STOP_SOON;
        }
        if (!Objects.equals(status.observedGeneration, generation(lt))) {
            StatusBuilder.condition(
                    status,
                    Condition.SPEC_CHANGE_IGNORED,
                    true,
                    "RunInProgress",
                    "the spec changed after the run started; the run continues with generation "
                            + status.observedGeneration,
                    generation(lt));
        }
        if (status.phase == Phase.Running && status.error == null) {
            // live looks (a pull of every runner, a status write) at most once a poll interval,
            // whatever wakes the reconcile: a churn of runner pod events (readiness flapping, labels
            // written by other controllers) made a look and a status write of each. A failure, a
            // stop and the deadline are seen above, from the informer's cache, at once.
            Optional<Duration> wait = untilNextLook(lt, config.pollInterval());
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
                    return failing(
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
        status.users.current = users;
        if (status.error != null) {
            long reachable = agents.stream().filter(Objects::nonNull).count();
            // a failed runner is as done as it will get, and so is one that never heard the start
            // (READY): none will be sent now that the run is failing
            long neverStarted = agents.stream()
                    .filter(a -> a != null && a.state() == AgentState.READY)
                    .count();
            if (finished + failedAgents + neverStarted == reachable) {
                return error(lt, status, status.errorReason, status.error, pods);
            }
            return Duration.ofMillis(500);
        }
        if (finished == status.runners.desired) {
            return finish(lt, status, pods);
        }
        RunnerClient.Merged live = runners.pullMerged(pods, false);
        if (live.snapshot() != null
                && (status.summary == null || live.snapshot().requests() >= status.summary.requests)) {
            // a runner that missed this look (a network blip) would take its requests out of the
            // figures until the next one: counts shown never go back (loadtest_requests_total is a
            // counter), and a pull of every runner is always at least the last one shown
            status.summary = StatusBuilder.summary(live.snapshot());
            status.endpoints = StatusBuilder.topEndpoints(live.snapshot());
        }
        AbortRules.Holding fired =
                watch.look(lt, started, status, live.runners() == status.runners.desired ? live.snapshot() : null);
        if (fired != null && status.phase == Phase.Running) {
            status.phase = Phase.Stopping;
            status.abortedBy = fired.rule();
            status.message = "aborting: abort rule \"" + fired.rule() + "\" holds (" + fired.measured()
                    + "); stopping the runners, results so far are kept";
            events.warning(lt, "AbortRuleFired", status.message);
            metrics.update(ns(lt), name(lt), status);
            return STOP_SOON;
        }
        if (status.phase == Phase.Running) {
            boolean everyRunner = live.runners() == status.runners.desired;
            boolean requestRules = started.abort != null
                    && started.abort.stream()
                            .anyMatch(r -> ThresholdParser.parseAbortRule(r).metric().source == Metric.Source.RUN);
            // rates since the last look need every runner in both: a look that missed one judges
            // no rule on requests, and says so rather than leave them silently off
            status.message = everyRunner || !requestRules
                    ? "running"
                    : "running; abort rules on requests not judged this look: " + live.runners() + " of "
                            + status.runners.desired + " runners answered";
        }
        metrics.update(ns(lt), name(lt), status);
        return config.pollInterval();
    }

    /** Every runner is done: merge the final snapshots, judge, store, clean up. */
    Duration finish(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        RunnerClient.Merged all = pullFinal(lt, status, pods);
        if (all.runners() < status.runners.desired) {
            // a runner whose results never arrive (or never decode) must not hold the run, nor bring
            // a full pull of every runner each second until its agent gives up an hour later
            Instant since = collectingSince.computeIfAbsent(lt.getMetadata().getUid(), k -> Instant.now());
            if (since.plus(config.runOverrun()).isBefore(Instant.now())) {
                collectingSince.remove(lt.getMetadata().getUid());
                return error(
                        lt,
                        status,
                        "ResultsIncomplete",
                        "only " + all.runners() + " of " + status.runners.desired + " runners handed over their"
                                + " final results within " + Durations.format(config.runOverrun())
                                + "; the run is not judged on part of its runners, the results of those are kept",
                        pods);
            }
            status.message = "collecting results: " + all.runners() + " of " + status.runners.desired;
            return Duration.ofSeconds(1);
        }
        collectingSince.remove(lt.getMetadata().getUid());
        boolean stopped = status.phase == Phase.Stopping;
        RunSnapshot merged = all.snapshot();
        LoadTest effective = LoadTestParser.effective(startedWith(lt, pods));
        TargetObservations target =
                watch.end(lt, effective.spec, status, merged.startEpochMs + merged.elapsedMs, config.pollInterval());
        List<ThresholdResult> verdicts = ThresholdEvaluator.evaluate(effective.spec.thresholds, merged, target);
        boolean thresholdsPassed = ThresholdEvaluator.allPassed(verdicts);
        // A fired abort rule fails the run whatever the thresholds say, as `loadtest run` exits 99:
        // a pipeline reading the verdict must not ship what an abort rule stopped
        boolean aborted = status.abortedBy != null;
        boolean passed = thresholdsPassed && !aborted;
        record(lt, status, merged, verdicts, target);
        status.verdict = passed ? "Passed" : "Failed";
        status.phase = stopped ? Phase.Aborted : passed ? Phase.Passed : Phase.Failed;
        long generation = generation(lt);
        String failedList = verdicts.stream()
                .filter(v -> !v.ok())
                .map(v -> v.expression() + " (" + v.measuredText() + ")")
                .collect(Collectors.joining(", "));
        String why = aborted
                ? "aborted by the abort rule \"" + status.abortedBy + "\"; "
                : stopped ? "stopped by request; " : "";
        status.message = why
                + (thresholdsPassed
                        ? "all " + verdicts.size() + " thresholds passed"
                        : "thresholds failed: " + failedList);
        status.abortRules = null;
        StatusBuilder.condition(
                status,
                Condition.THRESHOLDS_PASSED,
                passed,
                aborted ? "AbortRuleFired" : passed ? "ThresholdsPassed" : "ThresholdsFailed",
                status.message,
                generation);
        StatusBuilder.condition(
                status,
                Condition.COMPLETE,
                true,
                aborted ? "AbortRuleFired" : stopped ? "Stopped" : passed ? "Passed" : "Failed",
                status.message,
                generation);
        StatusBuilder.condition(status, Condition.RUNNING, false, "Finished", "the run has ended", generation);
        if (passed) {
            events.normal(lt, stopped ? "Stopped" : "Passed", status.message);
        } else {
            events.warning(lt, stopped ? "Stopped" : "ThresholdsFailed", status.message);
        }
        metrics.update(ns(lt), name(lt), status);
        metrics.finished(ns(lt), name(lt), status.phase.name());
        // Runners are released (told to exit, pods removed) only once this status is written: a
        // restart before the write finds them still holding their final results.
        return RELEASE_SOON;
    }

    /**
     * A runner failed mid-run: stop the others and wait (phase Stopping) until they have finished, so
     * their final results, not a live partial view, are kept. No runner is retried.
     */
    Duration failing(LoadTestResource lt, LoadTestStatus status, String reason, String message, List<Pod> pods) {
        status.error = message;
        status.errorReason = reason;
        status.phase = Phase.Stopping;
        status.message = message + "; stopping the other runners";
        events.warning(lt, reason, message);
        return STOP_SOON; // the stop goes out at the next look, once this is written
    }

    /** An infrastructure failure: keep what the runners measured, say which runner and why. */
    Duration error(LoadTestResource lt, LoadTestStatus status, String reason, String message, List<Pod> alive) {
        boolean alreadyReported = message.equals(status.error);
        runners.forAll(alive, runners::stop);
        RunnerClient.Merged partial = pullFinal(lt, status, alive);
        TargetObservations target = watch.sofar(lt, LoadTestParser.effective(startedWith(lt, alive)).spec);
        if (partial.snapshot() != null) {
            RunSnapshot merged = partial.snapshot();
            status.summary = StatusBuilder.summary(merged);
            status.endpoints = StatusBuilder.topEndpoints(merged);
            storeResults(lt, status, merged, target, "partial results");
        }
        status.phase = Phase.Error;
        status.message = message;
        status.completionTime = Instant.now().toString();
        long generation = generation(lt);
        StatusBuilder.condition(status, Condition.COMPLETE, true, reason, message, generation);
        StatusBuilder.condition(status, Condition.RUNNING, false, reason, message, generation);
        notJudged(status, "the run ended in error (" + reason + "): its thresholds were not judged", generation);
        status.error = message;
        status.errorReason = reason;
        if (status.users != null) {
            status.users.current = 0;
        }
        if (!alreadyReported) {
            events.warning(lt, reason, message);
        }
        metrics.update(ns(lt), name(lt), status); // the partial results' figures, as status shows them
        metrics.finished(ns(lt), name(lt), Phase.Error.name());
        return RELEASE_SOON; // released once this status is written; pods of a failed run keep their logs
    }

    /**
     * After the end: release the runners, and remove the LoadTest when its TTL has passed. Never
     * runs it again.
     */
    Duration expire(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        Duration left = ttlRequeue(lt, status);
        if (left != null && left.isZero()) {
            client.resource(lt).delete();
            return null;
        }
        if (release(lt, status, pods)) {
            return left == null || left.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : left;
        }
        return left;
    }

    /**
     * Runners of a finished run: pods the cleanup policy removes are deleted; the others are told to
     * exit, so they complete and keep their logs. A pod that never ran (still Pending, e.g. not
     * schedulable) is deleted whatever the policy: it has no logs, and it would otherwise start
     * later and wait for a start that never comes. Idempotent; returns whether to look again.
     */
    private boolean release(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        List<Pod> live = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (live.isEmpty()) {
            return false;
        }
        boolean deleteAll = CleanupPolicy.deletesRunnerPods(lt.getSpec().cleanup, status.phase);
        List<Pod> delete = live.stream().filter(p -> deleteAll || neverRan(p)).toList();
        List<Pod> exit = live.stream()
                .filter(p -> !(deleteAll || neverRan(p)) && podReady(p))
                .toList();
        runners.forAll(exit, runners::shutdown);
        if (deleteAll) {
            // one call for them all (a thousand runners: one request, not a thousand); the label
            // selects this test's runners, and a LoadTest's name is its own in its namespace
            client.pods()
                    .inNamespace(ns(lt))
                    .withLabel(RunnerPods.MANAGED_BY, RunnerPods.OPERATOR)
                    .withLabel(RunnerPods.TEST_LABEL, name(lt))
                    .delete();
        } else {
            PodBatch.deleteAll(client, ns(lt), delete).stream()
                    .map(PodBatch.Result::failure)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .ifPresent(e -> {
                        throw e; // retried with the release, as a single failed delete was
                    });
        }
        boolean recent = status.completionTime == null
                || Instant.parse(status.completionTime).plus(RELEASE_FOR).isAfter(Instant.now());
        return recent && (!delete.isEmpty() || !exit.isEmpty()); // until they are gone or have exited
    }

    /** A stop before any load: nothing was measured, nothing is judged. */
    private Duration stoppedBeforeStart(LoadTestResource lt, LoadTestStatus status) {
        long generation = generation(lt);
        status.phase = Phase.Aborted;
        status.message = "stopped by the " + LoadTestResource.STOP_ANNOTATION
                + " annotation before the load started: nothing was run";
        status.completionTime = Instant.now().toString();
        StatusBuilder.condition(status, Condition.COMPLETE, true, "Stopped", status.message, generation);
        StatusBuilder.condition(status, Condition.RUNNING, false, "Stopped", status.message, generation);
        notJudged(status, "stopped before the load started: nothing was measured", generation);
        events.normal(lt, "Stopped", status.message);
        metrics.finished(ns(lt), name(lt), Phase.Aborted.name());
        return RELEASE_SOON;
    }

    /** An Invalid LoadTest whose spec was changed since it was judged (maybe fixed). */
    static boolean respecified(LoadTestResource lt, LoadTestStatus status) {
        Long judged = status.observedGeneration;
        if (judged == null) { // judged by an operator that did not record it: the Valid condition did
            judged = status.conditions.stream()
                    .filter(c -> Condition.VALID.equals(c.type))
                    .map(c -> c.observedGeneration)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        }
        return judged != null && generation(lt) > judged;
    }

    /**
     * Every terminal run says whether its thresholds passed, so {@code kubectl wait
     * --for=condition=ThresholdsPassed=false} returns for a run that was never judged instead of
     * waiting out its timeout.
     */
    private static void notJudged(LoadTestStatus status, String message, long generation) {
        StatusBuilder.condition(status, Condition.THRESHOLDS_PASSED, false, "NotJudged", message, generation);
    }

    /** A pod of this LoadTest (by uid), not of a deleted one that had the same name. */
    static boolean ownedBy(Pod p, String uid) {
        var owners = p.getMetadata().getOwnerReferences();
        return uid != null && owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    /**
     * Every runner's final snapshot, merged into windows from the published start that keep the
     * stored series at most {@code resultIntervals} long (a run that never got a start time: as is).
     */
    private RunnerClient.Merged pullFinal(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        if (status.runners == null || status.runners.startAt == null) {
            return runners.pullMerged(pods, true);
        }
        LoadTestSpec spec = LoadTestParser.effective(startedWith(lt, pods)).spec;
        return runners.pullMerged(
                pods,
                Instant.parse(status.runners.startAt).toEpochMilli(),
                resultWindowMs(spec, config.resultIntervals()));
    }

    /**
     * A whole number of the run's intervals, enough that its planned load fits in {@code
     * maxIntervals} windows (the drain after it may add one).
     */
    static long resultWindowMs(LoadTestSpec spec, int maxIntervals) {
        long interval = LoadRun.autoIntervalMs(spec);
        long plannedMs = dev.loadtest.engine.load.LoadShapes.of(spec.load).totalNanos() / 1_000_000;
        long intervals = Math.ceilDiv(plannedMs, interval);
        return interval * Math.max(1, Math.ceilDiv(intervals, maxIntervals));
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

    /** Whether some runner has heard the start time (it is SCHEDULED, RUNNING or done). */
    private boolean startPublished(List<Pod> pods) {
        List<Pod> ready = pods.stream().filter(RunSteps::podReady).toList();
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

    /** Starting (Running=False since admission) for longer than {@code d}. */
    private static boolean startingLongerThan(LoadTestStatus status, Duration d) {
        return status.conditions.stream()
                .filter(c -> Condition.RUNNING.equals(c.type) && "False".equals(c.status))
                .map(c -> c.lastTransitionTime)
                .filter(Objects::nonNull)
                .anyMatch(t -> Instant.parse(t).plus(d).isBefore(Instant.now()));
    }

    private static boolean neverRan(Pod p) {
        return p.getStatus() == null
                || p.getStatus().getPhase() == null
                || "Pending".equals(p.getStatus().getPhase());
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

    /** Runners that failed: their pod failed or is gone, or their agent says FAILED. */
    static int failedRunners(LoadTestResource lt, List<Pod> pods, List<AgentStatus> agents, int desired) {
        int failed = 0;
        Map<String, Integer> at = new HashMap<>(); // by name: a search per runner was 0.2 s a look at 1,000
        for (int i = 0; i < pods.size(); i++) {
            at.putIfAbsent(pods.get(i).getMetadata().getName(), i);
        }
        for (int i = 0; i < desired; i++) {
            Integer index = at.get(RunnerPods.name(lt.getMetadata().getName(), i));
            Pod pod = index == null ? null : pods.get(index);
            AgentStatus agent = index == null || index >= agents.size() ? null : agents.get(index);
            if (pod == null
                    || firstFailure(lt, List.of(pod), 0).isPresent()
                    || agent != null && agent.state() == AgentState.FAILED) {
                failed++;
            }
        }
        return failed;
    }

    private static String rejection(io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private Duration ttlRequeue(LoadTestResource lt, LoadTestStatus status) {
        Integer ttl = lt.getSpec().cleanup == null ? null : lt.getSpec().cleanup.ttlSecondsAfterFinished;
        if (ttl == null || status.completionTime == null) {
            return null;
        }
        Duration left = Duration.between(
                Instant.now(), Instant.parse(status.completionTime).plusSeconds(ttl));
        return left.isNegative() ? Duration.ZERO : left.plusMillis(100);
    }

    private void record(
            LoadTestResource lt,
            LoadTestStatus status,
            RunSnapshot merged,
            List<ThresholdResult> verdicts,
            TargetObservations target) {
        status.summary = StatusBuilder.summary(merged);
        status.endpoints = StatusBuilder.topEndpoints(merged);
        status.thresholds = StatusBuilder.thresholds(verdicts);
        status.users.current = 0;
        status.completionTime = Instant.now().toString();
        storeResults(lt, status, merged, target, "full results");
    }

    /**
     * Stores the run's results with the LoadTest. A failure a retry may get past (a server error,
     * throttling, a conflict, no answer) is thrown: the reconcile is tried again while the runners
     * still hold their final results (they are released only once the verdict is written), where
     * going on would lose them for good. One refused for good (forbidden, too large, a ConfigMap of
     * that name that is not ours) is said in an Event, and the run ends without them.
     */
    void storeResults(
            LoadTestResource lt, LoadTestStatus status, RunSnapshot merged, TargetObservations target, String what) {
        try {
            status.results = ResultsStore.store(client, lt, merged);
            if (target != null) {
                status.results.targetConfigMap = TargetStore.configMapName(name(lt));
            }
            storeFailingSince.remove(lt.getMetadata().getUid());
        } catch (RuntimeException e) {
            Instant since = storeFailingSince.computeIfAbsent(lt.getMetadata().getUid(), k -> Instant.now());
            boolean stillTrying = since.plus(config.runOverrun()).isAfter(Instant.now());
            if (e instanceof KubernetesClientException k && !PodBatch.refusedForGood(k) && stillTrying) {
                LOG.warnf("could not store the %s of %s (trying again): %s", what, name(lt), e.getMessage());
                throw k;
            }
            // refused for good, or failing for as long as a run may overrun (a webhook that fails
            // every write): the run ends without them rather than hold its target's queue
            storeFailingSince.remove(lt.getMetadata().getUid());
            LOG.warnf("could not store the %s of %s: %s", what, name(lt), e.getMessage());
            events.warning(lt, "ResultsNotStored", "the " + what + " could not be stored: " + e.getMessage());
        }
    }

    /** Tests whose results write failed and is being tried again, since when, by uid. */
    private final Map<String, Instant> storeFailingSince = new ConcurrentHashMap<>();

    /**
     * The LoadTest as the run started: runner pods carry it, so an edit after the start changes
     * neither the run nor the thresholds it is judged by.
     */
    static LoadTest startedWith(LoadTestResource lt, List<Pod> pods) {
        for (Pod p : pods) {
            if (p.getSpec() == null || p.getSpec().getContainers().isEmpty()) {
                continue;
            }
            for (var e : p.getSpec().getContainers().get(0).getEnv()) {
                if ("LOADTEST_SPEC".equals(e.getName()) && e.getValue() != null) {
                    return LoadTestParser.parseAsWritten(
                            RunnerPods.envValueSeen(p, e.getValue()),
                            p.getMetadata().getName());
                }
            }
        }
        return lt.asLoadTest();
    }

    /** A runner pod that is gone, failed, OOMKilled or evicted: no silent retries. */
    static Optional<String> firstFailure(LoadTestResource lt, List<Pod> pods, int desired) {
        if (pods.size() < desired) {
            for (int i = 0; i < desired; i++) {
                String name = RunnerPods.name(lt.getMetadata().getName(), i);
                if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                    return Optional.of("runner pod " + name + " is gone (deleted or evicted)");
                }
            }
        }
        for (Pod p : pods) {
            var s = p.getStatus();
            if (p.getMetadata().getDeletionTimestamp() != null && (s == null || !"Succeeded".equals(s.getPhase()))) {
                // a drain, an API eviction or a hand: the runner was told to stop and holds its
                // results for the pod's grace period, so the run ends now and collects them
                return Optional.of("runner pod " + p.getMetadata().getName()
                        + " is being deleted (a node drain, an eviction or by hand)");
            }
            if (s == null) {
                continue;
            }
            if ("Failed".equals(s.getPhase())) {
                String why = s.getReason() != null
                        ? s.getReason() + (s.getMessage() != null ? ": " + s.getMessage() : "")
                        : terminated(p).orElse("failed");
                return Optional.of("runner pod " + p.getMetadata().getName() + " failed: " + why);
            }
            Optional<String> t = terminated(p);
            if (t.isPresent() && !"Succeeded".equals(s.getPhase())) {
                return Optional.of("runner pod " + p.getMetadata().getName() + " " + t.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> terminated(Pod p) {
        if (p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
            if (!"runner".equals(c.getName())) {
                continue; // a mesh sidecar's state is not the runner's
            }
            var t = c.getState() == null ? null : c.getState().getTerminated();
            if (t != null && (t.getExitCode() == null || t.getExitCode() != 0)) {
                return Optional.of("terminated: " + (t.getReason() != null ? t.getReason() : "error") + " (exit code "
                        + t.getExitCode() + ")");
            }
        }
        return Optional.empty();
    }

    static Optional<String> unschedulable(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return Optional.of(c.getMessage() != null ? c.getMessage() : c.getReason());
            }
        }
        return Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static boolean podReady(Pod p) {
        return p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean olderThan(Pod p, Duration d) {
        String created = p.getMetadata().getCreationTimestamp();
        return created != null && Instant.parse(created).plus(d).isBefore(Instant.now());
    }

    private Duration startTimeout(LoadTestResource lt) {
        String t = lt.getSpec().runners == null ? null : lt.getSpec().runners.startTimeout;
        return t == null ? config.startTimeout() : Durations.parse(t);
    }

    /**
     * The target a test loads or will load: a test admitted holds the one it was admitted with (an
     * edit of its spec after that changes nothing of its run, so nothing of its place either).
     */
    static String targetOf(LoadTestResource o) {
        if (o.getStatus() != null && o.getStatus().targetUrl != null) {
            return o.getStatus().targetUrl;
        }
        try {
            LoadTest e = LoadTestParser.effective(o.asLoadTest());
            return e.spec.target == null ? null : e.spec.target.url;
        } catch (RuntimeException ex) {
            return null;
        }
    }

    static long generation(LoadTestResource lt) {
        return lt.getMetadata().getGeneration() == null ? 0 : lt.getMetadata().getGeneration();
    }

    private static String ns(LoadTestResource lt) {
        return lt.getMetadata().getNamespace();
    }

    private static String name(LoadTestResource lt) {
        return lt.getMetadata().getName();
    }
}
