package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an environment value comes from in a cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.secretKeyRef) != has(self.configMapKeyRef)",
        message = "set secretKeyRef or configMapKeyRef, one of them")
public class EnvVarSource {
    @JsonPropertyDescription("A key of a secret in the LoadTest's namespace.")
    public KeyRef secretKeyRef;

    @JsonPropertyDescription("A key of a config map in the LoadTest's namespace.")
    public KeyRef configMapKeyRef;
}
