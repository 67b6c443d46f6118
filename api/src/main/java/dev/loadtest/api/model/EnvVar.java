package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An environment variable for templates, as in a Kubernetes container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "set value or valueFrom, not both")
public class EnvVar {
    @JsonPropertyDescription("Variable name, used as ${env.NAME}.")
    @Required
    public String name;

    @JsonPropertyDescription("A literal value.")
    public String value;

    @JsonPropertyDescription("A value from a secret (in a cluster). Locally the process environment supplies it.")
    public EnvVarSource valueFrom;
}
