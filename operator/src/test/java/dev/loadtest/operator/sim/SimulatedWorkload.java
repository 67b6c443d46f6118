package dev.loadtest.operator.sim;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Plays the target's workload in the mock API server: Deployment pods labelled app=NAME with CPU
 * requests and memory limits, an autoscaling/v2 HPA over them, and pod metrics as metrics-server
 * would publish them. Under load (the target's own request count grows) the HPA scales up to its
 * maximum and the new pods appear; {@link #oomKill} kills a container as the kubelet reports it.
 */
public final class SimulatedWorkload implements AutoCloseable {
    /** The metrics API's pod metrics, as metrics-server serves them. */
    public static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io")
            .withVersion("v1beta1")
            .withKind("PodMetrics")
            .withPlural("pods")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final int minReplicas;
    private final int maxReplicas;
    private final ScheduledExecutorService hpaController = Executors.newSingleThreadScheduledExecutor();
    private volatile int replicas;

    /** Starts at {@code minReplicas}; scales to {@code maxReplicas} once {@code requests} passes {@code scaleAt}. */
    public SimulatedWorkload(
            KubernetesClient client,
            String namespace,
            String name,
            int minReplicas,
            int maxReplicas,
            LongSupplier requests,
            long scaleAt) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
        for (int i = 0; i < minReplicas; i++) {
            addPod(i, 0.1);
        }
        client.resource(hpa(minReplicas, 10)).inNamespace(namespace).create();
        replicas = minReplicas;
        hpaController.scheduleAtFixedRate(
                () -> {
                    if (replicas < maxReplicas && requests.getAsLong() >= scaleAt) {
                        scaleTo(maxReplicas);
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
    }

    public String podName(int i) {
        return name + "-" + i;
    }

    private synchronized void scaleTo(int n) {
        for (int i = replicas; i < n; i++) {
            addPod(i, 0.45); // 90 % of the 500m request: the load that made the HPA scale
        }
        for (int i = 0; i < replicas; i++) {
            metrics(i, 0.45);
        }
        replicas = n;
        HorizontalPodAutoscaler current = client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .withName(name)
                .get();
        current.setStatus(hpa(n, 90).getStatus());
        client.resource(current).inNamespace(namespace).update();
    }

    private HorizontalPodAutoscaler hpa(int current, int utilization) {
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(minReplicas)
                .withMaxReplicas(maxReplicas)
                .withNewScaleTargetRef("apps/v1", "Deployment", name)
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(60)
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .withNewStatus()
                .withCurrentReplicas(current)
                .withDesiredReplicas(current)
                .addNewCurrentMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewCurrent()
                .withAverageUtilization(utilization)
                .endCurrent()
                .endResource()
                .endCurrentMetric()
                .endStatus()
                .build();
    }

    private void addPod(int i, double cores) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(podName(i))
                .withNamespace(namespace)
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/api:1")
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))
                .withLimits(Map.of("memory", new Quantity("256Mi")))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("app")
                        .withReady(true)
                        .withRestartCount(0)
                        .build())
                .endStatus()
                .build();
        client.resource(pod).inNamespace(namespace).create();
        metrics(i, cores);
    }

    /** Pod metrics as metrics-server publishes them: usage per container. */
    private void metrics(int i, double cores) {
        GenericKubernetesResource m = new GenericKubernetesResourceBuilder()
                .withApiVersion("metrics.k8s.io/v1beta1")
                .withKind("PodMetrics")
                .withNewMetadata()
                .withName(podName(i))
                .withNamespace(namespace)
                .withLabels(Map.of("app", name))
                .endMetadata()
                .addToAdditionalProperties("timestamp", Instant.now().toString())
                .addToAdditionalProperties("window", "15s")
                .addToAdditionalProperties(
                        "containers",
                        List.of(Map.of(
                                "name", "app", "usage", Map.of("cpu", (int) (cores * 1000) + "m", "memory", "200Mi"))))
                .build();
        client.genericKubernetesResources(POD_METRICS)
                .inNamespace(namespace)
                .resource(m)
                .createOr(r -> r.update());
    }

    /** The kubelet's report of an OOM-killed container that was restarted. */
    public void oomKill(int i) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName(i)).get();
        pod.getStatus()
                .setContainerStatuses(List.of(
                        restarted("app", 1, "OOMKilled", 137, Instant.now().toString())));
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    /**
     * A container as the kubelet reports it after {@code restarts} restarts, the last one ended
     * ({@code reason}, {@code exitCode}) at {@code finishedAt}; none when {@code finishedAt} is null.
     */
    public static io.fabric8.kubernetes.api.model.ContainerStatus restarted(
            String container, int restarts, String reason, int exitCode, String finishedAt) {
        ContainerStatusBuilder b =
                new ContainerStatusBuilder().withName(container).withReady(true).withRestartCount(restarts);
        if (finishedAt != null) {
            b.withNewLastState()
                    .withNewTerminated()
                    .withReason(reason)
                    .withExitCode(exitCode)
                    .withFinishedAt(finishedAt)
                    .endTerminated()
                    .endLastState();
        }
        return b.build();
    }

    public int replicas() {
        return replicas;
    }

    @Override
    public void close() {
        hpaController.shutdownNow();
    }
}
