package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a runner pod's state says: ready, failed and why, never ran, which spec it was made with.
 * Read from the informer's cache, never asked of the API server.
 */
final class RunnerPodStates {
    private RunnerPodStates() {}

    /** A pod of this LoadTest (by uid), not of a deleted one that had the same name. */
    static boolean ownedBy(Pod p, String uid) {
        var owners = p.getMetadata().getOwnerReferences();
        return uid != null && owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }

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
            Optional<String> w = waiting(p);
            if (w.isPresent() && CANNOT_START.stream().anyMatch(r -> w.get().contains(" container " + r))) {
                return Optional.of("runner pod " + p.getMetadata().getName() + " cannot start: " + w.get());
            }
            Optional<String> t = terminated(p);
            if (t.isPresent() && !"Succeeded".equals(s.getPhase())) {
                return Optional.of("runner pod " + p.getMetadata().getName() + " " + t.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The end of the runner's termination message (its log's last lines: why it could not run), on
     * one line and short enough for a status message.
     */
    private static String terminationMessage(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String oneLine = message.strip().replaceAll("\\s*\\n\\s*", " | ");
        return ": " + (oneLine.length() > 400 ? "..." + oneLine.substring(oneLine.length() - 400) : oneLine);
    }

    static Optional<String> terminated(Pod p) {
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
                        + t.getExitCode() + ")" + terminationMessage(t.getMessage()));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a container of the pod cannot start yet, as the kubelet says it (a secret or config map
     * that does not exist, an image it cannot pull); empty while it is only being created. The
     * kubelet keeps trying, so these wait for the start timeout: a secret applied a moment after
     * the LoadTest is found then.
     */
    static Optional<String> waiting(Pod p) {
        if (p.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> all = new ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) {
            all.addAll(p.getStatus().getInitContainerStatuses());
        }
        if (p.getStatus().getContainerStatuses() != null) {
            all.addAll(p.getStatus().getContainerStatuses());
        }
        for (ContainerStatus c : all) {
            var w = c.getState() == null ? null : c.getState().getWaiting();
            if (w != null && w.getReason() != null && !STARTING.contains(w.getReason())) {
                return Optional.of(c.getName() + " container " + w.getReason()
                        + (w.getMessage() == null || w.getMessage().isBlank() ? "" : ": " + w.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** What the kubelet says of a container on its way up. */
    private static final Set<String> STARTING = Set.of("ContainerCreating", "PodInitializing");

    /** Waiting reasons no retry of the kubelet gets past. */
    private static final Set<String> CANNOT_START = Set.of("InvalidImageName");

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

    static boolean podReady(Pod p) {
        return p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean neverRan(Pod p) {
        return p.getStatus() == null
                || p.getStatus().getPhase() == null
                || "Pending".equals(p.getStatus().getPhase());
    }

    static boolean olderThan(Pod p, Duration d) {
        String created = p.getMetadata().getCreationTimestamp();
        return created != null && Instant.parse(created).plus(d).isBefore(Instant.now());
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
}
