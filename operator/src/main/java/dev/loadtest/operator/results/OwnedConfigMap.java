package dev.loadtest.operator.results;

import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A ConfigMap owned by a LoadTest holding binary values: it lives and dies with the LoadTest,
 * and only the operator writes it. Results and target observations are stored this way.
 */
public final class OwnedConfigMap {
    private OwnedConfigMap() {}

    /** Creates or replaces {@code name} with {@code key} = {@code bytes}. */
    public static void write(KubernetesClient client, LoadTestResource lt, String name, String key, byte[] bytes) {
        write(client, lt, name, Map.of(key, bytes));
    }

    /** Creates or replaces {@code name} with these binary values. */
    public static void write(KubernetesClient client, LoadTestResource lt, String name, Map<String, byte[]> values) {
        Map<String, String> binaryData = new java.util.TreeMap<>();
        values.forEach((k, v) -> binaryData.put(k, Base64.getEncoder().encodeToString(v)));
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
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
                .withBinaryData(binaryData)
                .build();
        client.configMaps()
                .inNamespace(lt.getMetadata().getNamespace())
                .resource(cm)
                .createOr(existing -> {
                    ConfigMap there = client.configMaps()
                            .inNamespace(lt.getMetadata().getNamespace())
                            .withName(name)
                            .get();
                    if (there != null
                            && !writtenForThisName(there, lt.getMetadata().getName())) {
                        // someone's own ConfigMap of that name (data, settings): replacing it would lose it,
                        // and owning it would have it deleted with the LoadTest
                        throw new IllegalStateException(
                                "ConfigMap " + name + " exists and is not a LoadTest's: it is left as"
                                        + " it is; rename it, or the LoadTest");
                    }
                    return existing.update();
                });
    }

    /** Written by the operator for a LoadTest of this name (this one, or a deleted one it replaces). */
    static boolean writtenForThisName(ConfigMap cm, String test) {
        var labels = cm.getMetadata().getLabels();
        boolean labelled = labels != null && test.equals(labels.get("loadtest.dev/name"));
        boolean owned = cm.getMetadata().getOwnerReferences() != null
                && cm.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> "LoadTest".equals(o.getKind()) && test.equals(o.getName()));
        return labelled || owned;
    }

    /** The value of {@code key} in {@code name}; empty when either is missing. */
    public static Optional<byte[]> read(KubernetesClient client, String namespace, String name, String key) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(cm.getBinaryData().get(key)));
    }
}
