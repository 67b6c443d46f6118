package dev.loadtest.operator.results;

import dev.loadtest.api.status.ResultsRef;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Optional;

/**
 * Stores a run's full results (all intervals, all endpoints; see {@link ResultsArchive}) in a
 * ConfigMap owned by the LoadTest, so they live and die with it and {@code loadtest report} can
 * fetch them. One write per run, bounded in size.
 */
public final class ResultsStore {
    private ResultsStore() {}

    public static String configMapName(String test) {
        return test + "-results";
    }

    public static ResultsRef store(KubernetesClient client, LoadTestResource lt, RunSnapshot snapshot) {
        ResultsArchive.Packed packed = ResultsArchive.pack(snapshot, ResultsArchive.MAX_BYTES);
        String name = configMapName(lt.getMetadata().getName());
        OwnedConfigMap.write(client, lt, name, ResultsArchive.KEY, packed.bytes());
        ResultsRef ref = new ResultsRef();
        ref.configMap = name;
        ref.key = ResultsArchive.KEY;
        // none when not even one interval fitted beside the totals (hundreds of endpoints)
        ref.intervalMs = packed.snapshot().intervals.isEmpty() ? null : packed.snapshot().intervalMs;
        return ref;
    }

    /** Reads results stored by {@link #store}; empty when there are none (yet). */
    public static Optional<RunSnapshot> load(KubernetesClient client, String namespace, String test)
            throws IOException {
        Optional<byte[]> gz = OwnedConfigMap.read(client, namespace, configMapName(test), ResultsArchive.KEY);
        return gz.isEmpty() ? Optional.empty() : Optional.of(ResultsArchive.unpack(gz.get()));
    }
}
