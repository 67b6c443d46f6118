package dev.loadtest.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPodCache;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Thin controller: observe (the resource, its runner pods from the informer cache), run the step
 * of the current phase, write status only when it changed. See docs/controller-flow.md.
 *
 * <p>The status that ends a run is written here and now, not left to the framework: the run is
 * counted once that write succeeded, and if it fails the retry writes the same status again rather
 * than run the step a second time (its runners are shut down and its pods gone by then).
 */
// Looked at again at least every 30 s whatever happens: a run whose status writes failed past the
// framework's retries (an API server blip) is picked up again, not after the default 10 h.
@ControllerConfiguration(
        name = "loadtest",
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 30, timeUnit = TimeUnit.SECONDS))
public class LoadTestReconciler implements Reconciler<LoadTestResource> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(LoadTestReconciler.class);
    private final RunSteps steps;
    private final LoadTestMetrics metrics;
    private final StatusWrite endWrite;
    /** The runner pods' informer (set when the framework asks for the event sources). */
    private volatile InformerEventSource<Pod, LoadTestResource> runnerPods;
    /** By uid: a run's terminal status whose write failed, to be written on the retry. */
    private final Map<String, Unwritten> unwritten = new ConcurrentHashMap<>();

    private record Unwritten(LoadTestStatus status, Duration again) {}

    /** How the status that ends a run is written (a test makes it fail). */
    @FunctionalInterface
    interface StatusWrite {
        void write(Context<LoadTestResource> context, LoadTestResource lt, LoadTestStatus status);
    }

    @Inject
    public LoadTestReconciler(RunSteps steps, LoadTestMetrics metrics) {
        this(steps, metrics, LoadTestReconciler::writeStatus);
    }

    LoadTestReconciler(RunSteps steps, LoadTestMetrics metrics, StatusWrite endWrite) {
        this.steps = steps;
        this.metrics = metrics;
        this.endWrite = endWrite;
    }

    @Override
    public List<EventSource<?, LoadTestResource>> prepareEventSources(EventSourceContext<LoadTestResource> context) {
        var config = InformerEventSourceConfiguration.from(Pod.class, LoadTestResource.class)
                .withLabelSelector(RunnerPods.MANAGED_BY + "=" + RunnerPods.OPERATOR)
                // listed in pages on a (re)start: not thousands of whole pods decoded at once
                .withInformerListLimit(250L);
        if (oneInformer(context.getControllerConfiguration().getEffectiveNamespaces())) {
            // what the run steps read of each pod, not the whole pod (35 KB of heap each)
            config.withItemStore(new RunnerPodCache());
        }
        var pods = new InformerEventSource<>(config.build(), context);
        runnerPods = pods;
        var deletions = new Deletions(
                lt -> metrics.created(
                        lt.getMetadata().getNamespace(), lt.getMetadata().getName()),
                lt -> {
                    unwritten.remove(lt.getMetadata().getUid());
                    steps.deleted(lt.getMetadata().getUid());
                    metrics.forget(
                            lt.getMetadata().getNamespace(),
                            lt.getMetadata().getName(),
                            lt.getMetadata().getUid());
                });
        return List.of(pods, deletions);
    }

    /** The uids of the LoadTests that have runner pods in the informer's cache: they were admitted. */
    private Set<String> withRunnerPods() {
        if (runnerPods == null) {
            return Set.of();
        }
        Set<String> uids = new HashSet<>();
        runnerPods.list(p -> true).forEach(p -> {
            if (p.getMetadata().getOwnerReferences() != null) {
                p.getMetadata().getOwnerReferences().forEach(o -> uids.add(o.getUid()));
            }
        });
        return uids;
    }

    /**
     * Whether the pods of these namespaces come from one informer. The operator SDK gives the one
     * item store configured to an informer per namespace, and each informer's (re)list drops from
     * it the pods the others put there: the trimmed store serves all namespaces or one, and several
     * listed namespaces keep the informers' own stores (whole pods).
     */
    static boolean oneInformer(Set<String> namespaces) {
        return namespaces.size() <= 1;
    }

    @Override
    public UpdateControl<LoadTestResource> reconcile(LoadTestResource lt, Context<LoadTestResource> context) {
        LoadTestStatus before = lt.getStatus();
        boolean ended = before != null && before.phase != null && before.phase.terminal();
        Unwritten retry = unwritten.remove(lt.getMetadata().getUid());
        if (retry != null && !ended) {
            return endRun(lt, context, retry.status(), retry.again());
        }
        if (retry != null) { // the write that failed got through after all
            metrics.runEnded(runKey(lt, before), before.phase.name());
            steps.forget(lt.getMetadata().getUid());
        }
        String beforeJson = json(before);
        LoadTestStatus status = before == null ? new LoadTestStatus() : copy(before);
        String uid = lt.getMetadata().getUid();
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream()
                // pods are matched to a LoadTest by name: those of a deleted one of the same name are not ours
                .filter(p -> RunnerPodStates.ownedBy(p, uid))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        Phase phase = status.phase == null ? Phase.Pending : status.phase;
        if (phase == Phase.Invalid && Admissions.respecified(lt, status)) {
            // Nothing ran: a fixed spec applied over the invalid one (kubectl apply, a GitOps sync)
            // is admitted as if new. A run that did start is never run again.
            status = new LoadTestStatus();
            phase = Phase.Pending;
            ended = false; // its run ends as any other: through endRun (the queue forgets it there)
        }
        Duration again = switch (phase) {
            case Pending, Queued ->
                // the informer's cache: the queue's order is by creation time, so a stale phase
                // there can delay a start but never let two tests past one slot
                steps.admit(lt, status, context.getPrimaryCache().list().toList(), pods, withRunnerPods());
            case Starting -> steps.awaitRunners(lt, status, pods);
            case Running, Stopping -> steps.monitor(lt, status, pods);
            default -> steps.expire(lt, status, pods);
        };
        UpdateControl<LoadTestResource> control;
        if (json(status).equals(beforeJson)) {
            control = UpdateControl.noUpdate(); // nothing changed: write nothing
        } else if (!ended && status.phase != null && status.phase.terminal()) {
            return endRun(lt, context, status, again);
        } else {
            control = UpdateControl.patchStatus(fresh(lt, status));
        }
        return again == null ? control : control.rescheduleAfter(again);
    }

    /** Writes the status that ends the run, then counts the run; on failure keeps it for the retry. */
    private UpdateControl<LoadTestResource> endRun(
            LoadTestResource lt, Context<LoadTestResource> context, LoadTestStatus status, Duration again) {
        String uid = lt.getMetadata().getUid();
        try {
            endWrite.write(context, lt, status);
        } catch (RuntimeException e) {
            // Looked at again soon, not through the framework's error path: that would patch the
            // status it started from back over this one, should this write have landed after all.
            unwritten.put(uid, new Unwritten(status, again));
            LOG.warnf(
                    "the status ending %s could not be written (trying again): %s",
                    lt.getMetadata().getName(), e.getMessage());
            return UpdateControl.<LoadTestResource>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
        }
        metrics.runEnded(runKey(lt, status), status.phase.name());
        steps.forget(uid);
        UpdateControl<LoadTestResource> control = UpdateControl.noUpdate();
        return again == null ? control : control.rescheduleAfter(again);
    }

    /**
     * Patches the status as the framework would for {@code UpdateControl.patchStatus} (server-side
     * apply, or a JSON patch where SSA is off), keeping its cache in step with the write.
     */
    static void writeStatus(Context<LoadTestResource> context, LoadTestResource lt, LoadTestStatus status) {
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            context.resourceOperations().serverSideApplyPrimaryStatus(fresh(lt, status));
        } else {
            LoadTestResource current = new LoadTestResource();
            current.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(lt.getMetadata()).build());
            current.setSpec(lt.getSpec());
            current.setStatus(lt.getStatus());
            context.resourceOperations().jsonPatchPrimaryStatus(current, r -> {
                r.setStatus(status);
                return r;
            });
        }
    }

    /** A run of a LoadTest: its uid and the generation it was admitted with (an Invalid one may be fixed). */
    public static String runKey(LoadTestResource lt, LoadTestStatus status) {
        return lt.getMetadata().getUid() + "/" + (status.observedGeneration == null ? 0 : status.observedGeneration);
    }

    /** A fresh object carrying only name, namespace, resourceVersion and the status. */
    private static LoadTestResource fresh(LoadTestResource lt, LoadTestStatus status) {
        LoadTestResource fresh = new LoadTestResource();
        fresh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(lt.getMetadata().getName())
                .withNamespace(lt.getMetadata().getNamespace())
                .withResourceVersion(lt.getMetadata().getResourceVersion())
                .build());
        fresh.setStatus(status);
        return fresh;
    }

    @Override
    public ErrorStatusUpdateControl<LoadTestResource> updateErrorStatus(
            LoadTestResource lt, Context<LoadTestResource> context, Exception e) {
        // A failing step is retried by the framework; the reason shows in status meanwhile.
        LoadTestStatus status = lt.getStatus() == null ? new LoadTestStatus() : copy(lt.getStatus());
        if (status.phase != null && status.phase.terminal()) {
            // a finished run's message is its verdict; a failed clean-up or TTL delete is retried
            // and logged, it does not overwrite what the run ended with
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        status.message = "reconcile failed (will retry): " + e.getMessage();
        lt.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(lt);
    }

    private static String json(LoadTestStatus s) {
        try {
            return s == null ? "null" : JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoadTestStatus copy(LoadTestStatus s) {
        return JSON.convertValue(s, LoadTestStatus.class);
    }
}
