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
            return problems;
        }
        for (Pod p : pods) {
            for (ContainerStatus c : statuses(p)) {
                o.baselineRestarts.put(containerKey(p, c), c.getRestartCount() == null ? 0 : c.getRestartCount());
                terminationKey(p, c).ifPresent(o.seenTerminations::add);
            }
            if ("Evicted".equals(p.getStatus() == null ? null : p.getStatus().getReason())) {
                o.seenTerminations.add(p.getMetadata().getName() + "/evicted");
            }
        }
        return problems;
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
                podStates(pods, o, sample, t);
                usage(w, defaultNamespace, pods, o, sample, problems);
            }
        }
        o.samples.add(sample);
        return problems;
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

    private static void podStates(List<Pod> pods, TargetObservations o, TargetSample sample, long t) {
        sample.pods = pods.size();
        sample.readyPods = (int) pods.stream().filter(TargetWatcher::ready).count();
        for (Pod p : pods) {
            String pod = p.getMetadata().getName();
            boolean goingAway = p.getMetadata().getDeletionTimestamp() != null;
            if ("Evicted".equals(p.getStatus() == null ? null : p.getStatus().getReason())
                    && o.seenTerminations.add(pod + "/evicted")) {
                o.events.add(new TargetEvent(t, "Evicted", pod, p.getStatus().getMessage()));
            }
            for (ContainerStatus c : statuses(p)) {
                String key = pod + "/" + c.getName();
                int count = c.getRestartCount() == null ? 0 : c.getRestartCount();
                Integer last = o.baselineRestarts.put(containerKey(p, c), count);
                if (count > (last == null ? 0 : last)) {
                    o.restarts += count - (last == null ? 0 : last);
                }
                var terminated = terminationKey(p, c);
                // a pod being deleted (scale-down, rollout) stops its containers: not a crash
                if (terminated.isPresent() && o.seenTerminations.add(terminated.get()) && !goingAway) {
                    ContainerStateTerminated s = terminated(c);
                    boolean oom = "OOMKilled".equals(s.getReason());
                    if (oom) {
                        o.oomKilled++;
                    }
                    o.events.add(new TargetEvent(
                            t,
                            oom ? "OOMKilled" : "Terminated",
                            key,
                            (s.getReason() == null ? "" : s.getReason() + ", ") + "exit code " + s.getExitCode()));
                }
            }
        }
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
        double requested = 0;
        double bytes = 0;
        Double fullest = null;
        boolean any = false;
        for (PodMetrics m : metrics) {
            Pod p = byName.get(m.getMetadata().getName());
            if (p == null) {
                continue;
            }
            any = true;
            double podCores = 0;
            double podBytes = 0;
            for (ContainerMetrics c : m.getContainers()) {
                podCores += amount(c.getUsage(), "cpu");
                podBytes += amount(c.getUsage(), "memory");
            }
            cores += podCores;
            bytes += podBytes;
            double cpuRequest = 0;
            double memoryLimit = 0;
            for (Container c : p.getSpec().getContainers()) {
                if (c.getResources() == null) {
                    continue;
                }
                cpuRequest += amount(c.getResources().getRequests(), "cpu");
                double limit = amount(c.getResources().getLimits(), "memory");
                memoryLimit += limit > 0 ? limit : amount(c.getResources().getRequests(), "memory");
            }
            requested += cpuRequest;
            if (memoryLimit > 0) {
                double f = podBytes / memoryLimit;
                fullest = fullest == null ? f : Math.max(fullest, f);
            }
        }
        if (!any) {
            return;
        }
        sample.cpuCores = cores;
        sample.memoryBytes = bytes;
        sample.cpu = requested > 0 ? cores / requested : null;
        sample.memory = fullest;
        if (requested == 0) {
            o.notes.add("the target's pods request no CPU: CPU is recorded in cores only, not as a percentage");
        }
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
        return java.util.Optional.of(p.getMetadata().getName() + "/" + c.getName() + "/"
                + (when != null ? when : String.valueOf(c.getRestartCount())));
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
