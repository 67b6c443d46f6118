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
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    /** Loads from the ConfigMap (not from memory) so far: a test sees the series survive a lost memory copy. */
    private static final java.util.concurrent.atomic.AtomicLong RELOADS = new java.util.concurrent.atomic.AtomicLong();

    private record Cached(TargetObservations observations, long atEpochMs) {}

    private TargetStore() {}

    public static String configMapName(String test) {
        return test + "-target";
    }

    /** The observations so far: from memory, else from the ConfigMap, else empty. */
    public static Optional<TargetObservations> load(KubernetesClient client, LoadTestResource lt) {
        Cached cached = CACHE.get(lt.getMetadata().getUid());
        if (cached != null) {
            return Optional.of(cached.observations());
        }
        Optional<TargetObservations> stored =
                read(client, lt.getMetadata().getNamespace(), lt.getMetadata().getName());
        stored.ifPresent(o -> {
            RELOADS.incrementAndGet();
            CACHE.put(lt.getMetadata().getUid(), new Cached(o, System.currentTimeMillis()));
        });
        return stored;
    }

    public static void save(KubernetesClient client, LoadTestResource lt, TargetObservations o) {
        CACHE.put(lt.getMetadata().getUid(), new Cached(o, System.currentTimeMillis()));
        OwnedConfigMap.write(client, lt, configMapName(lt.getMetadata().getName()), KEY, TargetArchive.pack(o));
    }

    /** The run is over: nothing more is added, the memory copy can go. */
    public static void forget(LoadTestResource lt) {
        CACHE.remove(lt.getMetadata().getUid());
    }

    /** Frees the memory copies of runs not saved since {@code epochMs} (deleted mid-run). */
    public static void forgetOlderThan(long epochMs) {
        CACHE.values().removeIf(c -> c.atEpochMs() < epochMs);
    }

    /** How many times observations were read back from their ConfigMap. */
    public static long reloads() {
        return RELOADS.get();
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
