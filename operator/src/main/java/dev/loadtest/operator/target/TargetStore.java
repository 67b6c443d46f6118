package dev.loadtest.operator.target;

import dev.loadtest.engine.report.TargetArchive;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.results.OwnedConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a run's target observations in a ConfigMap owned by the LoadTest ({@code NAME-target}),
 * written at each look, so an operator restart continues the series instead of starting over; after
 * the run it is the stored target part of the results, which {@code loadtest report} fetches. A
 * memory copy spares reading it back at every look. One write per look per running LoadTest,
 * whatever the runner count; gzip keeps an hour of samples around 20 KB.
 */
public final class TargetStore {
    public static final String KEY = TargetArchive.KEY;
    private static final Map<String, TargetObservations> CACHE = new ConcurrentHashMap<>();

    private TargetStore() {}

    public static String configMapName(String test) {
        return test + "-target";
    }

    /** The observations so far: from memory, else from the ConfigMap, else empty. */
    public static Optional<TargetObservations> load(KubernetesClient client, LoadTestResource lt) {
        TargetObservations cached = CACHE.get(lt.getMetadata().getUid());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TargetObservations> stored =
                read(client, lt.getMetadata().getNamespace(), lt.getMetadata().getName());
        stored.ifPresent(o -> CACHE.put(lt.getMetadata().getUid(), o));
        return stored;
    }

    public static void save(KubernetesClient client, LoadTestResource lt, TargetObservations o) {
        CACHE.put(lt.getMetadata().getUid(), o);
        OwnedConfigMap.write(client, lt, configMapName(lt.getMetadata().getName()), KEY, TargetArchive.pack(o));
    }

    /** The run is over: nothing more is added, the memory copy can go. */
    public static void forget(LoadTestResource lt) {
        CACHE.remove(lt.getMetadata().getUid());
    }

    public static Optional<TargetObservations> read(KubernetesClient client, String namespace, String test) {
        Optional<byte[]> gz = OwnedConfigMap.read(client, namespace, configMapName(test), KEY);
        try {
            return gz.isEmpty() ? Optional.empty() : Optional.of(TargetArchive.unpack(gz.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable target observations in " + configMapName(test), e);
        }
    }
}
