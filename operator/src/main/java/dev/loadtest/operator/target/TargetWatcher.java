package dev.loadtest.operator.target;

import dev.loadtest.api.model.Workload;
import dev.loadtest.engine.target.TargetEvent;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSample;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at the target's HPA, pods and pod metrics once and adds what it saw to the run's
 * observations: a sample, and events for scaling, restarts, OOM kills and evictions. Every source is
 * optional; one that cannot be read is noted (a missing metrics API) or reported as a problem (a
 * missing permission, an HPA that does not exist), never thrown.
 */
@ApplicationScoped
public class TargetWatcher {
    static final String METRICS_API_MISSING =
            "the metrics API (metrics.k8s.io) is not installed: CPU and memory of the target are not recorded";

    private final KubernetesClient client;

    public TargetWatcher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Records restart counts and past terminations as they are before the load starts, so only what
     * happens during the run is counted.
     */
    public List<String> baseline(Workload w, String defaultNamespace, TargetObservations o) {
        List<String> problems = new ArrayList<>();
        if (w == null || w.podSelector == null) {
            return problems;
        }
        List<Pod> pods = pods(w, defaultNamespace, problems);
        if (pods == null) {
            // counting from zero at the first look would count every restart the pods ever had
            o.baselinePending = true;
            return problems;
        }
        recordBaseline(pods, o);
        return problems;
    }

    private static void recordBaseline(List<Pod> pods, TargetObservations o) {
        for (Pod p : pods) {
            for (ContainerStatus c : statuses(p)) {
                o.baselineRestarts.put(containerKey(p, c), c.getRestartCount() == null ? 0 : c.getRestartCount());
                terminationKey(p, c).ifPresent(o.seenTerminations::add);
            }
            if (evicted(p)) {
                o.seenTerminations.add(evictionKey(p));
            }
        }
    }

    /** One look: a sample at {@code nowEpochMs}; returns the problems met (empty when all went well). */
    public List<String> observe(Workload w, String defaultNamespace, TargetObservations o, long nowEpochMs) {
        List<String> problems = new ArrayList<>();
        if (w == null) {
            return problems;
        }
        long t = nowEpochMs - o.startEpochMs;
        TargetSample sample = new TargetSample(t);
        if (w.hpa != null) {
            hpa(w, defaultNamespace, o, sample, problems);
        }
        if (w.podSelector != null) {
            List<Pod> pods = pods(w, defaultNamespace, problems);
            if (pods != null && pods.isEmpty()) {
                problems.add("no pods match spec.target.workload.podSelector " + w.podSelector + " in namespace "
                        + namespace(w, defaultNamespace));
            }
            if (pods != null) {
                baselineIfPending(pods, o, t);
                podStates(pods, o, sample, t, Long.MAX_VALUE);
                usage(w, defaultNamespace, pods, o, sample, problems);
            }
        }
        o.samples.add(sample);
        return problems;
    }

    /**
     * The last look when it comes long after the load ended (the operator was away): the target has
     * moved on since, so it takes no sample (the gauges would judge the quiet after the run, and a
     * "last" its scaled-down state), and counts only the terminations and restarts that the kubelet
     * says finished by {@code untilEpochMs}.
     */
    public List<String> observeLate(Workload w, String defaultNamespace, TargetObservations o, long untilEpochMs) {
        List<String> problems = new ArrayList<>();
        if (w == null || w.podSelector == null) {
            return problems;
        }
        List<Pod> pods = pods(w, defaultNamespace, problems);
        if (pods != null && !Boolean.TRUE.equals(o.baselinePending)) {
            podStates(pods, o, null, untilEpochMs - o.startEpochMs, untilEpochMs);
        }
        return problems;
    }

    /** The pods could not be read before the load: the first look that reads them is the baseline. */
    private static void baselineIfPending(List<Pod> pods, TargetObservations o, long t) {
        if (!Boolean.TRUE.equals(o.baselinePending)) {
            return;
        }
        recordBaseline(pods, o);
        o.baselinePending = null;
        o.notes.add("the target's pods could not be read before the load started: restarts, OOM kills and"
                + " evictions count from the first look that could read them, " + t / 1000 + " s into the run");
    }

    private void hpa(
            Workload w, String defaultNamespace, TargetObservations o, TargetSample sample, List<String> problems) {
        String ns = namespace(w, defaultNamespace);
        HorizontalPodAutoscaler hpa;
        try {
            hpa = client.autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inNamespace(ns)
                    .withName(w.hpa)
                    .get();
        } catch (KubernetesClientException e) {
            problems.add(failure(e, "get horizontalpodautoscalers", ns));
            return;
        }
        if (hpa == null) {
            problems.add("HorizontalPodAutoscaler " + ns + "/" + w.hpa + " not found (spec.target.workload.hpa)");
            return;
        }
        o.hpa = w.hpa;
        o.hpaMinReplicas =
                hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        o.hpaMaxReplicas = hpa.getSpec().getMaxReplicas();
        if (hpa.getStatus() == null) {
            return;
        }
        sample.replicas = hpa.getStatus().getCurrentReplicas();
        sample.desiredReplicas = hpa.getStatus().getDesiredReplicas();
        Integer before = lastReplicas(o);
        if (before != null && sample.replicas != null && !before.equals(sample.replicas)) {
            o.events.add(new TargetEvent(
                    sample.t,
                    sample.replicas > before ? "ScaledUp" : "ScaledDown",
                    "hpa/" + w.hpa,
                    before + " → " + sample.replicas + " replicas"));
        }
        Map<String, Double> targets = new HashMap<>();
        if (hpa.getSpec().getMetrics() != null) {
            for (MetricSpec m : hpa.getSpec().getMetrics()) {
                if (m.getResource() != null && m.getResource().getTarget() != null) {
                    Integer u = m.getResource().getTarget().getAverageUtilization();
                    targets.put(m.getResource().getName(), u == null ? null : u.doubleValue());
                }
            }
        }
        if (hpa.getStatus().getCurrentMetrics() != null) {
            for (MetricStatus m : hpa.getStatus().getCurrentMetrics()) {
                if (m.getResource() != null && m.getResource().getCurrent() != null) {
                    Integer u = m.getResource().getCurrent().getAverageUtilization();
                    sample.hpaMetrics()
                            .add(new TargetSample.HpaMetric(
                                    m.getResource().getName(),
                                    u == null ? null : u.doubleValue(),
                                    targets.get(m.getResource().getName())));
                }
            }
        }
    }

    /** The HPA's replicas at the latest look that could read them (a failed read hides no scaling). */
    private static Integer lastReplicas(TargetObservations o) {
        for (int i = o.samples.size() - 1; i >= 0; i--) {
            if (o.samples.get(i).replicas != null) {
                return o.samples.get(i).replicas;
            }
        }
        return null;
    }

    /** A container of one pod incarnation: a pod recreated under the same name starts from zero. */
    private static String containerKey(Pod p, ContainerStatus c) {
        String uid = p.getMetadata().getUid();
        return p.getMetadata().getName() + "/" + c.getName() + (uid == null ? "" : "@" + uid);
    }

    private List<Pod> pods(Workload w, String defaultNamespace, List<String> problems) {
        String ns = namespace(w, defaultNamespace);
        try {
            return client.pods()
                    .inNamespace(ns)
                    .withLabels(w.podSelector)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            problems.add(failure(e, "list pods", ns));
            return null;
        }
    }

    /**
     * Pod counts into {@code sample} (when there is one) and what happened to the pods since the last
     * look into {@code o}. Past {@code untilEpochMs} nothing counts: a termination whose kubelet
     * finish time is later, or a restart whose latest termination is (Long.MAX_VALUE: all count).
     */
    private static void podStates(
            List<Pod> pods, TargetObservations o, TargetSample sample, long t, long untilEpochMs) {
        if (sample != null) {
            sample.pods = pods.size();
            sample.readyPods = (int) pods.stream().filter(TargetWatcher::ready).count();
        }
        boolean late = untilEpochMs != Long.MAX_VALUE;
        for (Pod p : pods) {
            String pod = p.getMetadata().getName();
            boolean goingAway = p.getMetadata().getDeletionTimestamp() != null;
            // an eviction carries no time of its own: a late look cannot tell whether it was the run's
            if (!late && evicted(p) && firstSeen(o, evictionKey(p), pod + "/evicted")) {
                o.events.add(new TargetEvent(t, "Evicted", pod, p.getStatus().getMessage()));
            }
            for (ContainerStatus c : statuses(p)) {
                String key = pod + "/" + c.getName();
                ContainerStateTerminated s = terminated(c);
                Long finished = s == null ? null : epochMs(s.getFinishedAt());
                boolean inTime = !late || (finished != null && finished <= untilEpochMs);
                int count = c.getRestartCount() == null ? 0 : c.getRestartCount();
                Integer last = o.baselineRestarts.get(containerKey(p, c));
                int before = last == null ? 0 : last;
                if (inTime) {
                    o.baselineRestarts.put(containerKey(p, c), count);
                    if (count > before) {
                        o.restarts += count - before;
                    }
                } else if (count > before + 1) {
                    // the latest restart came after the end; the kubelet dates no earlier one, and
                    // they may be the run's: counted, so a "count == 0" cannot pass on a guess
                    o.restarts += count - before - 1;
                    o.baselineRestarts.put(containerKey(p, c), count - 1);
                    o.notes.add("restarts of the target between the last look in the run and a late last look"
                            + " carry no time: all but the latest (after the end) are counted as the run's");
                }
                var terminated = terminationKey(p, c);
                // a pod being deleted (scale-down, rollout) stops its containers: not a crash
                if (terminated.isPresent()
                        && inTime
                        && firstSeen(o, terminated.get(), legacyTerminationKey(p, c))
                        && !goingAway) {
                    boolean oom = "OOMKilled".equals(s.getReason());
                    if (oom) {
                        o.oomKilled++;
                    }
                    o.events.add(new TargetEvent(
                            late ? finished - o.startEpochMs : t,
                            oom ? "OOMKilled" : "Terminated",
                            key,
                            (s.getReason() == null ? "" : s.getReason() + ", ") + "exit code " + s.getExitCode()));
                }
            }
        }
    }

    /**
     * Whether a termination is new. Observations stored by an operator before pod UIDs were part of
     * the keys (a run spanning an upgrade) hold the older key: it counts as seen.
     */
    private static boolean firstSeen(TargetObservations o, String key, String legacyKey) {
        return !o.seenTerminations.contains(legacyKey) && o.seenTerminations.add(key);
    }

    private static String legacyTerminationKey(Pod p, ContainerStatus c) {
        ContainerStateTerminated s = terminated(c);
        String when = s.getFinishedAt() != null ? s.getFinishedAt() : s.getStartedAt();
        return p.getMetadata().getName() + "/" + c.getName() + "/"
                + (when != null ? when : String.valueOf(c.getRestartCount()));
    }

    private static Long epochMs(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static boolean evicted(Pod p) {
        return "Evicted".equals(p.getStatus() == null ? null : p.getStatus().getReason());
    }

    /** One eviction of one pod incarnation: a StatefulSet's pod evicted again under its name is counted again. */
    private static String evictionKey(Pod p) {
        return podKey(p) + "/evicted";
    }

    /** A pod incarnation: its name, and its UID when known (a pod recreated under a name is another). */
    private static String podKey(Pod p) {
        String uid = p.getMetadata().getUid();
        return p.getMetadata().getName() + (uid == null ? "" : "@" + uid);
    }

    private void usage(
            Workload w,
            String defaultNamespace,
            List<Pod> pods,
            TargetObservations o,
            TargetSample sample,
            List<String> problems) {
        if (o.notes.contains(METRICS_API_MISSING)) {
            return; // said once; not asked again every poll
        }
        String ns = namespace(w, defaultNamespace);
        List<PodMetrics> metrics;
        try {
            metrics = client.top()
                    .pods()
                    .inNamespace(ns)
                    .withLabels(w.podSelector)
                    .metrics()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                o.notes.add(METRICS_API_MISSING);
            } else {
                problems.add(failure(e, "list pods.metrics.k8s.io", ns));
            }
            return;
        }
        Map<String, Pod> byName = new HashMap<>();
        pods.forEach(p -> byName.put(p.getMetadata().getName(), p));
        double cores = 0;
        double usedOfRequested = 0;
        double requested = 0;
        double bytes = 0;
        Double fullest = null;
        boolean any = false;
        boolean unrequested = false;
        for (PodMetrics m : metrics) {
            Pod p = byName.get(m.getMetadata().getName());
            if (p == null) {
                continue;
            }
            any = true;
            Map<String, Container> specs = runningContainers(p);
            for (ContainerMetrics c : m.getContainers()) {
                double used = amount(c.getUsage(), "cpu");
                double memory = amount(c.getUsage(), "memory");
                cores += used;
                bytes += memory;
                Container spec = specs.get(c.getName());
                var resources = spec == null ? null : spec.getResources();
                // CPU % as an HPA reads it: usage over request, both of the containers that request
                // CPU (a sidecar requesting none would add usage with nothing to measure it against)
                double cpuRequest = resources == null ? 0 : amount(resources.getRequests(), "cpu");
                if (cpuRequest > 0) {
                    usedOfRequested += used;
                    requested += cpuRequest;
                } else if (used > 0) {
                    unrequested = true;
                }
                // memory % per container: the kernel OOM-kills a container at its own limit, so a
                // full container beside an idle one is full, not half full
                double limit = resources == null ? 0 : amount(resources.getLimits(), "memory");
                double bound = limit > 0 ? limit : resources == null ? 0 : amount(resources.getRequests(), "memory");
                if (bound > 0) {
                    fullest = fullest == null ? memory / bound : Math.max(fullest, memory / bound);
                }
            }
        }
        if (!any) {
            return;
        }
        sample.cpuCores = cores;
        sample.memoryBytes = bytes;
        sample.cpu = requested > 0 ? usedOfRequested / requested : null;
        sample.memory = fullest;
        if (requested == 0) {
            o.notes.add("the target's pods request no CPU: CPU is recorded in cores only, not as a percentage");
        } else if (unrequested) {
            o.notes.add("some of the target's containers request no CPU: CPU % counts only the containers that do"
                    + " (as an HPA's utilization would); the cores used count them all");
        }
    }

    /**
     * The containers that run beside the app, by name: the pod's containers and its native sidecars
     * (init containers that keep running, restartPolicy Always), whose usage the metrics API reports.
     */
    private static Map<String, Container> runningContainers(Pod p) {
        Map<String, Container> byName = new HashMap<>();
        if (p.getSpec() == null) {
            return byName;
        }
        if (p.getSpec().getInitContainers() != null) {
            p.getSpec().getInitContainers().stream()
                    .filter(c -> "Always".equals(c.getRestartPolicy()))
                    .forEach(c -> byName.put(c.getName(), c));
        }
        if (p.getSpec().getContainers() != null) {
            p.getSpec().getContainers().forEach(c -> byName.put(c.getName(), c));
        }
        return byName;
    }

    private static double amount(Map<String, Quantity> map, String key) {
        if (map == null || map.get(key) == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(map.get(key)).doubleValue();
    }

    private static List<ContainerStatus> statuses(Pod p) {
        return p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.of()
                : p.getStatus().getContainerStatuses();
    }

    private static ContainerStateTerminated terminated(ContainerStatus c) {
        if (c.getState() != null && c.getState().getTerminated() != null) {
            return c.getState().getTerminated();
        }
        return c.getLastState() == null ? null : c.getLastState().getTerminated();
    }

    /** Identifies one termination of a container, so it is counted once whatever the polls see. */
    private static java.util.Optional<String> terminationKey(Pod p, ContainerStatus c) {
        ContainerStateTerminated s = terminated(c);
        if (s == null || (s.getExitCode() != null && s.getExitCode() == 0 && !"OOMKilled".equals(s.getReason()))) {
            return java.util.Optional.empty();
        }
        String when = s.getFinishedAt() != null ? s.getFinishedAt() : s.getStartedAt();
        return java.util.Optional.of(
                podKey(p) + "/" + c.getName() + "/" + (when != null ? when : String.valueOf(c.getRestartCount())));
    }

    private static boolean ready(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null
                && p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String namespace(Workload w, String defaultNamespace) {
        return w.namespace != null ? w.namespace : defaultNamespace;
    }

    /** A failed read as people can act on it: a missing permission names the verb, resource and fix. */
    static String failure(KubernetesClientException e, String what, String ns) {
        if (e.getCode() == 403) {
            return "forbidden: the operator may not " + what + " in namespace " + ns
                    + "; bind the loadtest-operator-target-reader ClusterRole there (Helm value"
                    + " targetNamespaces) or grant that permission";
        }
        return "could not " + what + " in namespace " + ns + ": "
                + (e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage()
                        : e.getMessage());
    }

    static String now() {
        return Instant.now().toString();
    }
}
