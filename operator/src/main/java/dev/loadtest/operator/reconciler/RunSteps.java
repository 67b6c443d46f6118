package dev.loadtest.operator.reconciler;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.runner.RunnerClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The named steps of a run, one per phase: admit (validate, queue, size, create runners), await
 * runners (start barrier), monitor (pull, merge, watch for failures and stop), finish (judge,
 * store, clean up), expire (TTL). Each step reads the world (pods from the informer cache, runners
 * over HTTP), updates the status it is given, and says when to look again. What a step keeps in
 * memory only paces it (how often runners are asked, how long a missing result is waited for):
 * everything a run needs is in the API server or in the runners, so an operator restart loses
 * nothing.
 */
@ApplicationScoped
public class RunSteps {
    private final Admission admission;
    private final StartBarrier start;
    private final RunMonitor monitor;
    private final RunEnd end;
    private final RunRelease release;
    private final LookThrottle throttle = new LookThrottle();

    @jakarta.inject.Inject
    public RunSteps(
            OperatorConfig config,
            RunnerClient runners,
            Events events,
            LoadTestMetrics metrics,
            KubernetesClient client,
            RunWatch watch) {
        this(config, runners, events, metrics, client, watch, Clock.systemUTC());
    }

    /** {@code clock}: when overdue runs' stop grace ends (tests move it). */
    RunSteps(
            OperatorConfig config,
            RunnerClient runners,
            Events events,
            LoadTestMetrics metrics,
            KubernetesClient client,
            RunWatch watch,
            Clock clock) {
        this.end = new RunEnd(config, runners, events, metrics, client, watch);
        this.admission = new Admission(config, events, metrics, client, end);
        this.start = new StartBarrier(config, runners, events, watch, throttle, end);
        this.monitor = new RunMonitor(config, runners, events, metrics, watch, throttle, end, clock);
        this.release = new RunRelease(runners, client);
    }

    /** A LoadTest was deleted: it holds nothing any more. */
    public void deleted(String uid) {
        admission.deleted(uid);
        forget(uid);
    }

    /** A LoadTest that ended or was deleted no longer holds its target. */
    public void forget(String uid) {
        admission.forget(uid);
        end.forget(uid);
        throttle.forget(uid);
        monitor.forget(uid);
    }

    /** See {@link Admission#admit}. */
    Duration admit(
            LoadTestResource lt,
            LoadTestStatus status,
            List<LoadTestResource> others,
            List<Pod> pods,
            Set<String> withRunnerPods) {
        return admission.admit(lt, status, others, pods, withRunnerPods);
    }

    /** See {@link StartBarrier#awaitRunners}. */
    Duration awaitRunners(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        return start.awaitRunners(lt, status, pods);
    }

    /** See {@link RunMonitor#monitor}. */
    Duration monitor(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        return monitor.monitor(lt, status, pods);
    }

    /** See {@link RunRelease#expire}. */
    Duration expire(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        return release.expire(lt, status, pods);
    }

    /** See {@link RunEnd#storeResults}. */
    void storeResults(
            LoadTestResource lt, LoadTestStatus status, RunSnapshot merged, TargetObservations target, String what) {
        end.storeResults(lt, lt.asLoadTest(), status, merged, target, what);
    }

    /** See {@link StartBarrier#startLeadMs(int)}. */
    long startLeadMs(int runners) {
        return start.startLeadMs(runners);
    }
}
