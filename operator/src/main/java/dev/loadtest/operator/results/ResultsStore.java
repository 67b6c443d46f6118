package dev.loadtest.operator.results;

import dev.loadtest.api.status.ResultsRef;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.Resampling;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stores a run's full results (all intervals, all endpoints) gzip-compressed in a ConfigMap owned by
 * the LoadTest, so they live and die with it and {@code loadtest report} can fetch them. The time
 * series is coarsened (adjacent intervals merged, exactly) until it fits, bounding the size for
 * hour-long runs; totals and percentiles are unaffected.
 */
public final class ResultsStore {
    public static final String KEY = "results.json.gz";
    static final int MAX_BYTES = 900 * 1024;

    private ResultsStore() {}

    public static String configMapName(String test) {
        return test + "-results";
    }

    public static ResultsRef store(KubernetesClient client, LoadTestResource lt, RunSnapshot snapshot)
            throws IOException {
        RunSnapshot stored = snapshot;
        byte[] gz = gzip(ResultsFile.toBytes(stored));
        while (gz.length > MAX_BYTES && stored.intervals.size() > 1) {
            stored = Resampling.coarsen(stored, 2);
            gz = gzip(ResultsFile.toBytes(stored));
        }
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMapName(lt.getMetadata().getName()))
                .withNamespace(lt.getMetadata().getNamespace())
                .addToLabels("app.kubernetes.io/managed-by", "loadtest-operator")
                .addToLabels("loadtest.dev/name", lt.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(lt.getApiVersion())
                        .withKind(lt.getKind())
                        .withName(lt.getMetadata().getName())
                        .withUid(lt.getMetadata().getUid())
                        .build())
                .endMetadata()
                .withBinaryData(Map.of(KEY, Base64.getEncoder().encodeToString(gz)))
                .build();
        client.configMaps()
                .inNamespace(lt.getMetadata().getNamespace())
                .resource(cm)
                .createOr(c -> c.update());
        ResultsRef ref = new ResultsRef();
        ref.configMap = cm.getMetadata().getName();
        ref.key = KEY;
        ref.intervalMs = stored.intervalMs;
        return ref;
    }

    /** Reads results stored by {@link #store}; empty when there are none (yet). */
    public static java.util.Optional<RunSnapshot> load(KubernetesClient client, String namespace, String test)
            throws IOException {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(configMapName(test))
                .get();
        if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(KEY)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ResultsFile.fromBytes(
                gunzip(Base64.getDecoder().decode(cm.getBinaryData().get(KEY)))));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
