package dev.loadtest.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.loadtest.operator.serialization.LazyPodSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The runner pod informer's store, keeping of each pod only what the operator reads: its metadata
 * without managedFields, its status, and the run's spec ({@code LOADTEST_SPEC}) on the first
 * {@value #SPEC_KEPT_ON} runners only (any one of them still there gives the spec the run started with).
 * A whole pod as the API server returns it takes ~35 KB of heap (15 KB of it managedFields, and
 * every pod carries the spec again), so 1,000 runners took 34 MB of the operator's 96 MB, beside a
 * final merge of 40-50 MB (docs/benchmarks.md).
 */
public final class RunnerPodCache implements ItemStore<Pod> {
    static final String SPEC_ENV = "LOADTEST_SPEC";
    /** Runners whose pods keep the spec: losing them all (evicted, deleted) is unlikely, holding it on 1,000 costly. */
    static final int SPEC_KEPT_ON = 3;

    private final Map<String, Pod> pods = new ConcurrentHashMap<>();

    /** The part of a runner pod the run steps read; a new object, the given one is left as it is. */
    public static Pod trimmed(Pod pod) {
        Pod t = new Pod();
        t.setApiVersion(pod.getApiVersion());
        t.setKind(pod.getKind());
        if (pod.getMetadata() != null) {
            t.setMetadata(
                    new ObjectMetaBuilder(pod.getMetadata()).withManagedFields().build());
        }
        t.setStatus(pod.getStatus());
        boolean first = keepsSpec(pod);
        PodSpec spec = new PodSpec();
        Optional<JsonNode> unread = LazyPodSpec.unread(pod.getSpec());
        if (unread.isPresent()) {
            // read from the JSON: reading the spec whole would build the PodSpec model's deserializers
            JsonNode containers = unread.get().path("containers");
            if (containers.isArray()) {
                List<Container> kept = new ArrayList<>();
                for (JsonNode c : containers) {
                    List<EnvVar> env = new ArrayList<>();
                    for (JsonNode e : first ? c.path("env") : MissingNode.getInstance()) {
                        if (SPEC_ENV.equals(e.path("name").asText(null))) {
                            env.add(new EnvVar(SPEC_ENV, e.path("value").asText(null), null));
                        }
                    }
                    kept.add(kept(c.path("name").asText(null), env));
                }
                spec.setContainers(kept);
            }
        } else if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            spec.setContainers(pod.getSpec().getContainers().stream()
                    .map(c -> kept(
                            c.getName(),
                            // what the run started with (RunSteps.startedWith): once is enough
                            first && c.getEnv() != null
                                    ? c.getEnv().stream()
                                            .filter(e -> SPEC_ENV.equals(e.getName()))
                                            .toList()
                                    : List.of()))
                    .toList());
        }
        t.setSpec(spec);
        return t;
    }

    /** Whether this runner is one of the first {@value #SPEC_KEPT_ON} (by its index label). */
    private static boolean keepsSpec(Pod pod) {
        Map<String, String> labels =
                pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
        String index = labels == null ? null : labels.get(RunnerPods.INDEX_LABEL);
        try {
            return index != null && Integer.parseInt(index) < SPEC_KEPT_ON;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Container kept(String name, List<EnvVar> env) {
        Container kept = new Container();
        kept.setName(name);
        kept.setEnv(env);
        return kept;
    }

    @Override
    public String getKey(Pod pod) {
        return Cache.metaNamespaceKeyFunc(pod);
    }

    @Override
    public Pod put(String key, Pod pod) {
        return pods.put(key, trimmed(pod));
    }

    @Override
    public Pod remove(String key) {
        return pods.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return pods.keySet().stream();
    }

    @Override
    public Stream<Pod> values() {
        return pods.values().stream();
    }

    @Override
    public int size() {
        return pods.size();
    }

    @Override
    public Pod get(String key) {
        return pods.get(key);
    }
}
