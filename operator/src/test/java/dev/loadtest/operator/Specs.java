package dev.loadtest.operator;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** LoadTest resources written as YAML specs, for unit tests. */
public final class Specs {
    private Specs() {}

    public static LoadTestResource resource(String name, String specYaml) {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("perf")
                .withUid("uid-" + name)
                .withGeneration(1L)
                .build());
        lt.setSpec(LoadTestParser.parseAsWritten("""
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                %s
                """.formatted(specYaml.indent(2)), name).spec);
        return lt;
    }
}
