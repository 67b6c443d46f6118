package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An environment variable for templates, as in a Kubernetes container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvVar {
    @JsonPropertyDescription("Variable name, used as ${env.NAME}.")
    public String name;

    @JsonPropertyDescription("A literal value.")
    public String value;

    @JsonPropertyDescription("A value from a secret (in a cluster). Locally the process environment supplies it.")
    public EnvVarSource valueFrom;
}
