package dev.loadtest.operator.results;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.ResultsRef;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Stores the results with the spec the run {@code started} with (as its runners ran it; {@link
     * ResultsArchive#SPEC_KEY}): the endpoints its thresholds name keep their own figures however many endpoints
     * there are, so {@code loadtest report} judges them as the operator did, and describes the run
     * by the spec it ran, not by edits made since.
     */
    public static ResultsRef store(
            KubernetesClient client, LoadTestResource lt, RunSnapshot snapshot, LoadTest started) {
        ResultsArchive.Packed packed = ResultsArchive.pack(
                snapshot, ResultsArchive.MAX_BYTES, namedEndpoints(LoadTestParser.effective(started).spec.thresholds));
        String name = configMapName(lt.getMetadata().getName());
        Map<String, byte[]> values = new HashMap<>();
        values.put(ResultsArchive.KEY, packed.bytes());
        byte[] spec = specBytes(started);
        // within a ConfigMap's 1 MiB of values, with room to spare; the results come first (pack
        // may leave them over 900 KiB where thresholds name very many endpoints)
        if (spec.length <= MAX_SPEC_BYTES && packed.bytes().length + spec.length <= MAX_CONFIG_MAP_BYTES) {
            values.put(ResultsArchive.SPEC_KEY, spec);
        }
        OwnedConfigMap.write(client, lt, name, values);
        ResultsRef ref = new ResultsRef();
        ref.configMap = name;
        ref.key = ResultsArchive.KEY;
        // none when not even one interval fitted beside the totals (hundreds of endpoints)
        ref.intervalMs = packed.snapshot().intervals.isEmpty() ? null : packed.snapshot().intervalMs;
        return ref;
    }

    static final int MAX_SPEC_BYTES = 96 * 1024;
    /** What a ConfigMap's values may add up to, a little under the API server's 1 MiB. */
    static final int MAX_CONFIG_MAP_BYTES = 1_000_000;

    private static byte[] specBytes(LoadTest started) {
        try {
            return JSON.writeValueAsBytes(started.spec);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    /** The endpoints the thresholds are scoped to ({@code {name:...}}). */
    static Set<String> namedEndpoints(List<String> thresholds) {
        Set<String> named = new HashSet<>();
        for (String t : thresholds == null ? List.<String>of() : thresholds) {
            String endpoint = ThresholdParser.parse(t).endpoint();
            if (endpoint != null) {
                named.add(endpoint);
            }
        }
        return named;
    }

    /** Reads results stored by {@link #store}; empty when there are none (yet). */
    public static Optional<RunSnapshot> load(KubernetesClient client, String namespace, String test)
            throws IOException {
        Optional<byte[]> gz = OwnedConfigMap.read(client, namespace, configMapName(test), ResultsArchive.KEY);
        return gz.isEmpty() ? Optional.empty() : Optional.of(ResultsArchive.unpack(gz.get()));
    }
}
