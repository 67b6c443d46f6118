package dev.loadtest.operator.reconciler;

import static dev.loadtest.operator.reconciler.RunnerPodStates.startedWith;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.results.ResultsStore;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.status.StatusBuilder;
import dev.loadtest.operator.target.TargetStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * How a run ends: judged on every runner's final results (finish), failing (stop the others and
 * wait for their results), in error (keep what was measured, say which runner and why), or stopped
 * before any load. Stores the results with the LoadTest.
 */
class RunEnd {
    private static final Logger LOG = Logger.getLogger(RunEnd.class);

    /** The look after Stopping is written that tells the runners. */
    static final Duration STOP_SOON = Duration.ofMillis(1);

    /** The look after the end that releases the runners, once the terminal status is written. */
    private static final Duration RELEASE_SOON = Duration.ofMillis(200);

    private final OperatorConfig config;

    private final RunnerClient runners;

    private final Events events;

    private final LoadTestMetrics metrics;

    private final KubernetesClient client;

    private final RunWatch watch;

    /**
     * LoadTests (uid) whose final results are still missing some runner, since when. In memory: after
     * a restart the allowance starts again, which only delays the error.
     */
    private final Map<String, Instant> collectingSince = new ConcurrentHashMap<>();

    /** Tests whose results write failed and is being tried again, since when, by uid. */
    private final Map<String, Instant> storeFailingSince = new ConcurrentHashMap<>();

    RunEnd(
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

    /** A test that ended or was deleted: its allowances are dropped. */
    void forget(String uid) {
        collectingSince.remove(uid);
        storeFailingSince.remove(uid);
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
        LoadTest written = startedWith(lt, pods);
        LoadTest effective = LoadTestParser.effective(written);
        TargetObservations target =
                watch.end(lt, effective.spec, status, merged.startEpochMs + merged.elapsedMs, config.pollInterval());
        List<ThresholdResult> verdicts = ThresholdEvaluator.evaluate(effective.spec.thresholds, merged, target);
        boolean thresholdsPassed = ThresholdEvaluator.allPassed(verdicts);
        // A fired abort rule fails the run whatever the thresholds say, as `loadtest run` exits 99:
        // a pipeline reading the verdict must not ship what an abort rule stopped
        boolean aborted = status.abortedBy != null;
        boolean passed = thresholdsPassed && !aborted;
        record(lt, written, status, merged, verdicts, target);
        status.verdict = passed ? "Passed" : "Failed";
        status.phase = stopped ? Phase.Aborted : passed ? Phase.Passed : Phase.Failed;
        long generation = lt.generation();
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
        metrics.update(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), status);
        metrics.finished(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), status.phase.name());
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
        LoadTest written = startedWith(lt, alive);
        TargetObservations target = watch.sofar(lt, LoadTestParser.effective(written).spec);
        if (partial.snapshot() != null) {
            RunSnapshot merged = partial.snapshot();
            status.summary = StatusBuilder.summary(merged);
            status.endpoints = StatusBuilder.topEndpoints(merged);
            storeResults(lt, written, status, merged, target, "partial results");
        }
        // the figures of the runners whose results were collected: said so, as the printer
        // columns (requests, req/s) show them beside a complete run's
        int desired = status.runners == null ? 0 : status.runners.desired;
        boolean loaded = status.runners != null && status.runners.startAt != null;
        String figures = loaded && partial.snapshot() != null && partial.runners() < desired
                ? "; the figures are from the " + partial.runners() + " of " + desired
                        + " runners whose results could be collected"
                : "";
        status.phase = Phase.Error;
        status.message = message + figures;
        status.completionTime = Instant.now().toString();
        long generation = lt.generation();
        StatusBuilder.condition(status, Condition.COMPLETE, true, reason, message + figures, generation);
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
        metrics.update(
                lt.getMetadata().getNamespace(),
                lt.getMetadata().getName(),
                status); // the partial results' figures, as status shows them
        metrics.finished(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), Phase.Error.name());
        return RELEASE_SOON; // released once this status is written; pods of a failed run keep their logs
    }

    /** A stop before any load: nothing was measured, nothing is judged. */
    Duration stoppedBeforeStart(LoadTestResource lt, LoadTestStatus status) {
        long generation = lt.generation();
        status.phase = Phase.Aborted;
        status.message = "stopped by the " + LoadTestResource.STOP_ANNOTATION
                + " annotation before the load started: nothing was run";
        status.completionTime = Instant.now().toString();
        StatusBuilder.condition(status, Condition.COMPLETE, true, "Stopped", status.message, generation);
        StatusBuilder.condition(status, Condition.RUNNING, false, "Stopped", status.message, generation);
        notJudged(status, "stopped before the load started: nothing was measured", generation);
        events.normal(lt, "Stopped", status.message);
        metrics.finished(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), Phase.Aborted.name());
        return RELEASE_SOON;
    }

    /**
     * Every terminal run says whether its thresholds passed, so {@code kubectl wait
     * --for=condition=ThresholdsPassed=false} returns for a run that was never judged instead of
     * waiting out its timeout.
     */
    static void notJudged(LoadTestStatus status, String message, long generation) {
        StatusBuilder.condition(status, Condition.THRESHOLDS_PASSED, false, "NotJudged", message, generation);
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

    private void record(
            LoadTestResource lt,
            LoadTest started,
            LoadTestStatus status,
            RunSnapshot merged,
            List<ThresholdResult> verdicts,
            TargetObservations target) {
        status.summary = StatusBuilder.summary(merged);
        status.endpoints = StatusBuilder.topEndpoints(merged);
        status.thresholds = StatusBuilder.thresholds(verdicts);
        status.users.current = 0;
        status.completionTime = Instant.now().toString();
        storeResults(lt, started, status, merged, target, "full results");
    }

    /**
     * Stores the run's results with the LoadTest, and the spec it {@code started} with (as its
     * runners ran it),
     * by which {@code loadtest report} describes and judges it whatever edits came since. A failure a retry may get past (a server error,
     * throttling, a conflict, no answer) is thrown: the reconcile is tried again while the runners
     * still hold their final results (they are released only once the verdict is written), where
     * going on would lose them for good. One refused for good (forbidden, too large, a ConfigMap of
     * that name that is not ours) is said in an Event, and the run ends without them.
     */
    void storeResults(
            LoadTestResource lt,
            LoadTest started,
            LoadTestStatus status,
            RunSnapshot merged,
            TargetObservations target,
            String what) {
        try {
            status.results = ResultsStore.store(client, lt, merged, started);
            if (target != null) {
                status.results.targetConfigMap =
                        TargetStore.configMapName(lt.getMetadata().getName());
            }
            storeFailingSince.remove(lt.getMetadata().getUid());
        } catch (RuntimeException e) {
            Instant since = storeFailingSince.computeIfAbsent(lt.getMetadata().getUid(), k -> Instant.now());
            boolean stillTrying = since.plus(config.runOverrun()).isAfter(Instant.now());
            if (e instanceof KubernetesClientException k && !PodBatch.refusedForGood(k) && stillTrying) {
                LOG.warnf(
                        "could not store the %s of %s (trying again): %s",
                        what, lt.getMetadata().getName(), e.getMessage());
                throw k;
            }
            // refused for good, or failing for as long as a run may overrun (a webhook that fails
            // every write): the run ends without them rather than hold its target's queue
            storeFailingSince.remove(lt.getMetadata().getUid());
            LOG.warnf("could not store the %s of %s: %s", what, lt.getMetadata().getName(), e.getMessage());
            events.warning(lt, "ResultsNotStored", "the " + what + " could not be stored: " + e.getMessage());
        }
    }
}
