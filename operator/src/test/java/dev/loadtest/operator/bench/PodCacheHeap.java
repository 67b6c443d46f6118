package dev.loadtest.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPodCache;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.sizing.RunPlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Heap of the runner pod informer's cache (bench/pod-cache.sh): N runner pods of a LoadTest as the
 * API server returns them (managedFields of the operator's create and the kubelet's status updates,
 * a running pod's status, the fields the API server defaults; fixtures in pod-cache/), held whole as
 * Fabric8 Pods, then in {@link RunnerPodCache}. Live heap after full GCs.
 */
public final class PodCacheHeap {
    private PodCacheHeap() {}

    private static long used() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String fixture(String name) throws Exception {
        return Files.readString(Path.of("operator/src/test/resources/pod-cache", name));
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        KubernetesSerialization ser = new KubernetesSerialization();
        ObjectMapper json = new ObjectMapper();
        LoadTestResource lt = ser.unmarshal(Files.readString(Path.of(args[0])), LoadTestResource.class);
        lt.getMetadata().setUid(UUID.randomUUID().toString());
        lt.getMetadata().setGeneration(1L);
        RunPlan plan = new RunPlan(n, n * 250, new int[n]);
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pod p = RunnerPods.desired(lt, plan, i, "ghcr.io/loadtest-operator/loadtest-runner:0.1.0", 8089);
            ObjectNode j = (ObjectNode) json.readTree(ser.asJson(p));
            ObjectNode md = (ObjectNode) j.get("metadata");
            md.put("uid", UUID.randomUUID().toString());
            md.put("resourceVersion", "123456789");
            md.put("creationTimestamp", "2026-11-24T10:00:00Z");
            ArrayNode mf = md.putArray("managedFields");
            ObjectNode op = mf.addObject();
            op.put("manager", "fabric8-kubernetes-client")
                    .put("operation", "Update")
                    .put("apiVersion", "v1");
            op.put("time", "2026-11-24T10:00:00Z").put("fieldsType", "FieldsV1");
            op.set("fieldsV1", json.readTree(fixture("mf-op.json")));
            ObjectNode kubelet = mf.addObject();
            kubelet.put("manager", "kubelet").put("operation", "Update").put("subresource", "status");
            kubelet.put("apiVersion", "v1").put("time", "2026-11-24T10:00:09Z").put("fieldsType", "FieldsV1");
            kubelet.set("fieldsV1", json.readTree(fixture("mf-kubelet.json")));
            ObjectNode spec = (ObjectNode) j.get("spec");
            spec.put("nodeName", "ip-10-0-12-34.eu-west-1.compute.internal").put("dnsPolicy", "ClusterFirst");
            spec.put("schedulerName", "default-scheduler").put("serviceAccountName", "default");
            j.set("status", json.readTree(fixture("status.json")));
            stored.add(json.writeValueAsString(j));
        }
        long bytes = stored.stream().mapToLong(String::length).sum();

        long before = used();
        List<Pod> whole = new ArrayList<>();
        for (String s : stored) {
            whole.add(ser.unmarshal(s, Pod.class));
        }
        long wholeBytes = used() - before;
        whole.clear();

        before = used();
        RunnerPodCache cache = new RunnerPodCache();
        for (String s : stored) {
            Pod p = ser.unmarshal(s, Pod.class);
            cache.put(cache.getKey(p), p);
        }
        long trimmedBytes = used() - before;
        System.out.printf(
                "%d runner pods, %d B of JSON each: whole %.1f KB a pod (%.1f MB); RunnerPodCache %.1f KB a pod (%.1f MB)%n",
                n,
                bytes / n,
                wholeBytes / 1024.0 / n,
                wholeBytes / 1048576.0,
                trimmedBytes / 1024.0 / n,
                trimmedBytes / 1048576.0);
        System.out.println(cache.size() == n ? "ok" : "missing pods");
    }
}
