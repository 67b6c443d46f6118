package dev.loadtest.operator.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadtest.api.model.Workload;
import dev.loadtest.engine.target.TargetEvent;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSample;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.SimulatedWorkload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one look at the target's pods counts, against pods and pod metrics as the kubelet and
 * metrics-server publish them: CPU % and memory % as an HPA and the OOM killer see them, restarts
 * and evictions of the run only, and nothing after the load from a late last look.
 */
class TargetWatcherTest {
    @RegisterExtension
    final MockApi api = MockApi.crud();

    private final Workload workload = new Workload();

    @BeforeEach
    void start() {
        workload.podSelector = Map.of("app", "shop");
        workload.namespace = "perf";
    }

    @Test
    void cpuIsUsageOverRequestOfTheContainersThatRequestCpuNativeSidecarsIncluded() {
        Container app = container("app", "500m", null, null);
        Container mesh = container("istio-proxy", null, null, null); // no request: the HPA would not count it
        Container sidecar = container("log-shipper", "100m", null, null);
        sidecar.setRestartPolicy("Always"); // a native sidecar: an init container that keeps running
        Pod pod = pod("shop-1", "u1", List.of(app, mesh), List.of(sidecar), List.of());
        api.client().resource(pod).create();
        metrics("shop-1", Map.of("app", "250m", "istio-proxy", "200m", "log-shipper", "100m"), Map.of());

        TargetObservations o = observations();
        new TargetWatcher(api.client()).observe(workload, "default", o, o.startEpochMs + 5_000);

        TargetSample s = o.samples.get(0);
        assertThat(s.cpuCores).isCloseTo(0.55, within(1e-9));
        assertThat(s.cpu)
                .describedAs(
                        "(250m + 100m) / (500m + 100m): the mesh's unrequested usage is not measured against the app's request")
                .isCloseTo(350.0 / 600.0, within(1e-9));
        assertThat(o.notes).anySatisfy(n -> assertThat(n).contains("request no CPU"));
    }

    @Test
    void memoryIsTheFullestContainerAgainstItsOwnLimit() {
        Container app = container("app", "500m", "256Mi", null);
        Container cache = container("cache", "100m", "64Mi", null);
        Container noLimit = container("agent", "50m", null, "32Mi"); // its request bounds it then
        api.client()
                .resource(pod("shop-1", "u1", List.of(app, cache, noLimit), List.of(), List.of()))
                .create();
        metrics(
                "shop-1",
                Map.of("app", "100m", "cache", "10m", "agent", "5m"),
                Map.of("app", "64Mi", "cache", "60Mi", "agent", "8Mi"));

        TargetObservations o = observations();
        new TargetWatcher(api.client()).observe(workload, "default", o, o.startEpochMs + 5_000);

        assertThat(o.samples.get(0).memory)
                .describedAs("the cache container is 60 of its 64 MiB from its OOM kill, whatever the pod's total")
                .isCloseTo(60.0 / 64.0, within(1e-9));
        assertThat(o.samples.get(0).memoryBytes).isCloseTo((64 + 60 + 8) * 1024.0 * 1024.0, within(1.0));
    }

    @Test
    void podsUnreadableBeforeTheLoadMakeTheFirstLookThatReadsThemTheBaseline() {
        // a pod that restarted three times (the last an OOM kill) before the run
        appPod("shop-1", "u1", status("app", 3, "OOMKilled", 137, "2026-01-01T00:00:00Z"));
        TargetObservations o = observations();
        try (KubernetesClient unreachable = new KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:9/")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(500)
                        .build())
                .build()) {
            assertThat(new TargetWatcher(unreachable).baseline(workload, "default", o))
                    .isNotEmpty();
        }

        TargetWatcher watcher = new TargetWatcher(api.client());
        watcher.observe(workload, "default", o, o.startEpochMs + 5_000);
        assertThat(o.restarts)
                .describedAs("restarts before the run are not the run's")
                .isZero();
        assertThat(o.oomKilled).isZero();
        assertThat(o.events).isEmpty();
        assertThat(o.notes).anySatisfy(n -> assertThat(n).contains("count from the first look"));

        replaceStatuses(
                "shop-1", status("app", 4, "OOMKilled", 137, Instant.now().toString()));
        watcher.observe(workload, "default", o, o.startEpochMs + 10_000);
        assertThat(o.restarts).isEqualTo(1);
        assertThat(o.oomKilled).isEqualTo(1);
    }

    @Test
    void aPodEvictedAgainUnderTheSameNameIsASecondEviction() {
        TargetWatcher watcher = new TargetWatcher(api.client());
        TargetObservations o = observations();
        api.client()
                .resource(pod("db-0", "first", List.of(container("db", "1", null, null)), List.of(), List.of()))
                .create();
        watcher.baseline(workload, "default", o);

        evict("db-0");
        watcher.observe(workload, "default", o, o.startEpochMs + 5_000);
        api.client().pods().inNamespace("perf").withName("db-0").delete();
        // the StatefulSet makes it again, under its name, and it is evicted again
        api.client()
                .resource(pod("db-0", "second", List.of(container("db", "1", null, null)), List.of(), List.of()))
                .create();
        evict("db-0");
        watcher.observe(workload, "default", o, o.startEpochMs + 10_000);

        assertThat(o.events).extracting(TargetEvent::type).containsExactly("Evicted", "Evicted");
        watcher.observe(workload, "default", o, o.startEpochMs + 15_000);
        assertThat(o.events).describedAs("each eviction counted once").hasSize(2);
    }

    @Test
    void aLateLastLookCountsOnlyWhatFinishedBeforeTheEndAndTakesNoSample() {
        long loadEnd = Instant.parse("2026-11-25T03:00:00Z").toEpochMilli();
        TargetObservations o = new TargetObservations();
        o.startEpochMs = loadEnd - 60_000;
        appPod("shop-1", "u1", status("app", 0, null, 0, null));
        appPod("shop-2", "u2", status("app", 0, null, 0, null));
        TargetWatcher watcher = new TargetWatcher(api.client());
        watcher.baseline(workload, "default", o);

        // shop-1 was OOM-killed 10 s before the load's end; shop-2 crashed a minute after it
        replaceStatuses("shop-1", status("app", 1, "OOMKilled", 137, "2026-11-25T02:59:50Z"));
        replaceStatuses("shop-2", status("app", 1, "Error", 1, "2026-11-25T03:01:00Z"));
        watcher.observeLate(workload, "default", o, loadEnd);

        assertThat(o.samples)
                .describedAs("the target after the run is not sampled")
                .isEmpty();
        assertThat(o.oomKilled).isEqualTo(1);
        assertThat(o.restarts)
                .describedAs("shop-2's restart came after the load")
                .isEqualTo(1);
        assertThat(o.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("OOMKilled");
            assertThat(e.t()).describedAs("at the kubelet's time of it").isEqualTo(50_000);
        });
    }

    /** A pod of one app container requesting 500m CPU, created, with this container status. */
    private void appPod(String name, String uid, ContainerStatus status) {
        api.client()
                .resource(pod(name, uid, List.of(container("app", "500m", null, null)), List.of(), List.of(status)))
                .create();
    }

    private TargetObservations observations() {
        TargetObservations o = new TargetObservations();
        o.startEpochMs = System.currentTimeMillis();
        return o;
    }

    private static Container container(String name, String cpuRequest, String memoryLimit, String memoryRequest) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (cpuRequest != null) {
            requests.put("cpu", new Quantity(cpuRequest));
        }
        if (memoryRequest != null) {
            requests.put("memory", new Quantity(memoryRequest));
        }
        if (memoryLimit != null) {
            limits.put("memory", new Quantity(memoryLimit));
        }
        return new ContainerBuilder()
                .withName(name)
                .withImage(name + ":1")
                .withNewResources()
                .withRequests(requests)
                .withLimits(limits)
                .endResources()
                .build();
    }

    private static Pod pod(
            String name, String uid, List<Container> containers, List<Container> init, List<ContainerStatus> statuses) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("perf")
                .withUid(uid)
                .withLabels(Map.of("app", "shop"))
                .endMetadata()
                .withNewSpec()
                .withContainers(containers)
                .withInitContainers(init)
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(statuses)
                .endStatus()
                .build();
    }

    private static ContainerStatus status(String name, int restarts, String reason, int exitCode, String finishedAt) {
        return SimulatedWorkload.restarted(name, restarts, reason, exitCode, finishedAt);
    }

    private void replaceStatuses(String pod, ContainerStatus... statuses) {
        Pod p = api.client().pods().inNamespace("perf").withName(pod).get();
        p.getStatus().setContainerStatuses(List.of(statuses));
        api.client().pods().inNamespace("perf").resource(p).updateStatus();
    }

    private void evict(String pod) {
        Pod p = api.client().pods().inNamespace("perf").withName(pod).get();
        p.getStatus().setPhase("Failed");
        p.getStatus().setReason("Evicted");
        p.getStatus().setMessage("The node was low on resource: memory.");
        api.client().pods().inNamespace("perf").resource(p).updateStatus();
    }

    private void metrics(String pod, Map<String, String> cpu, Map<String, String> memory) {
        List<Map<String, Object>> containers = new java.util.ArrayList<>();
        cpu.forEach((name, cores) -> containers.add(
                Map.of("name", name, "usage", Map.of("cpu", cores, "memory", memory.getOrDefault(name, "0")))));
        api.client()
                .genericKubernetesResources(SimulatedWorkload.POD_METRICS)
                .inNamespace("perf")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("metrics.k8s.io/v1beta1")
                        .withKind("PodMetrics")
                        .withNewMetadata()
                        .withName(pod)
                        .withNamespace("perf")
                        .withLabels(Map.of("app", "shop"))
                        .endMetadata()
                        .addToAdditionalProperties("timestamp", Instant.now().toString())
                        .addToAdditionalProperties("window", "15s")
                        .addToAdditionalProperties("containers", containers)
                        .build())
                .create();
    }

    /** Two restarts since the last look, the latest after the end: the undated earlier one is counted. */
    @Test
    void aLateLastLookCountsUndatedRestartsBeforeTheLatestAsTheRuns() {
        long loadEnd = Instant.parse("2026-11-25T03:00:00Z").toEpochMilli();
        TargetObservations o = new TargetObservations();
        o.startEpochMs = loadEnd - 600_000;
        appPod("shop-1", "u1", status("app", 0, null, 0, null));
        TargetWatcher watcher = new TargetWatcher(api.client());
        watcher.baseline(workload, "default", o);

        // OOM-killed a minute before the end (undated now) and again a minute after it
        replaceStatuses("shop-1", status("app", 2, "OOMKilled", 137, "2026-11-25T03:01:00Z"));
        watcher.observeLate(workload, "default", o, loadEnd);

        assertThat(o.restarts)
                .describedAs("the earlier restart may be the run's: counted")
                .isEqualTo(1);
        assertThat(o.notes).anySatisfy(n -> assertThat(n).contains("carry no time"));
    }

    /** Observations stored before pod UIDs were in the keys: what they saw is not counted again. */
    @Test
    void terminationsSeenUnderTheOlderKeysAreNotCountedAgain() {
        appPod("shop-1", "u1", status("app", 1, "OOMKilled", 137, "2026-11-25T02:00:00Z"));
        TargetObservations o = observations();
        o.baselineRestarts.put("shop-1/app@u1", 1);
        o.seenTerminations.add("shop-1/app/2026-11-25T02:00:00Z"); // as an older operator stored it

        new TargetWatcher(api.client()).observe(workload, "default", o, o.startEpochMs + 5_000);

        assertThat(o.oomKilled).isZero();
        assertThat(o.events).isEmpty();
    }
}
