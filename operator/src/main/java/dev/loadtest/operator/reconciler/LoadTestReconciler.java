package dev.loadtest.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Thin controller: observe (the resource, its runner pods from the informer cache), run the step
 * of the current phase, write status only when it changed. See docs/controller-flow.md.
 */
@ControllerConfiguration(name = "loadtest")
public class LoadTestReconciler implements Reconciler<LoadTestResource> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunSteps steps;

    public LoadTestReconciler(RunSteps steps) {
        this.steps = steps;
    }

    @Override
    public List<EventSource<?, LoadTestResource>> prepareEventSources(EventSourceContext<LoadTestResource> context) {
        var pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, LoadTestResource.class)
                        .withLabelSelector(RunnerPods.MANAGED_BY + "=" + RunnerPods.OPERATOR)
                        .build(),
                context);
        return List.of(pods);
    }

    @Override
    public UpdateControl<LoadTestResource> reconcile(LoadTestResource lt, Context<LoadTestResource> context) {
        LoadTestStatus before = lt.getStatus();
        String beforeJson = json(before);
        LoadTestStatus status = before == null ? new LoadTestStatus() : copy(before);
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        Phase phase = status.phase == null ? Phase.Pending : status.phase;
        Duration again = switch (phase) {
            case Pending, Queued ->
                // the informer's cache: the queue's order is by creation time, so a stale phase
                // there can delay a start but never let two tests past one slot
                steps.admit(lt, status, context.getPrimaryCache().list().toList(), pods);
            case Starting -> steps.awaitRunners(lt, status, pods);
            case Running, Stopping -> steps.monitor(lt, status, pods);
            default -> steps.expire(lt, status, pods);
        };
        UpdateControl<LoadTestResource> control;
        if (json(status).equals(beforeJson)) {
            control = UpdateControl.noUpdate(); // nothing changed: write nothing
        } else {
            LoadTestResource fresh = new LoadTestResource();
            fresh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName(lt.getMetadata().getName())
                    .withNamespace(lt.getMetadata().getNamespace())
                    .withResourceVersion(lt.getMetadata().getResourceVersion())
                    .build());
            fresh.setStatus(status);
            control = UpdateControl.patchStatus(fresh);
        }
        return again == null ? control : control.rescheduleAfter(again);
    }

    @Override
    public ErrorStatusUpdateControl<LoadTestResource> updateErrorStatus(
            LoadTestResource lt, Context<LoadTestResource> context, Exception e) {
        // A failing step is retried by the framework; the reason shows in status meanwhile.
        LoadTestStatus status = lt.getStatus() == null ? new LoadTestStatus() : copy(lt.getStatus());
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
