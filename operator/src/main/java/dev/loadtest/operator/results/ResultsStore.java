package dev.loadtest.operator.results;

import dev.loadtest.api.status.ResultsRef;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
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
                .withBinaryData(Map.of(ResultsArchive.KEY, Base64.getEncoder().encodeToString(packed.bytes())))
                .build();
        client.configMaps()
                .inNamespace(lt.getMetadata().getNamespace())
                .resource(cm)
                .createOr(c -> c.update());
        ResultsRef ref = new ResultsRef();
        ref.configMap = cm.getMetadata().getName();
        ref.key = ResultsArchive.KEY;
        ref.intervalMs = packed.snapshot().intervalMs;
        return ref;
    }

    /** Reads results stored by {@link #store}; empty when there are none (yet). */
    public static Optional<RunSnapshot> load(KubernetesClient client, String namespace, String test)
            throws IOException {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(configMapName(test))
                .get();
        if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(ResultsArchive.KEY)) {
            return Optional.empty();
        }
        return Optional.of(ResultsArchive.unpack(
                Base64.getDecoder().decode(cm.getBinaryData().get(ResultsArchive.KEY))));
    }
}
