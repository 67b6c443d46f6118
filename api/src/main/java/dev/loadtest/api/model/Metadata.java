package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The subset of Kubernetes object metadata a LoadTest file may carry when run locally. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Metadata {
    @JsonPropertyDescription("Name of the test; names the results.")
    public String name;

    @JsonPropertyDescription("Namespace (used in a cluster; ignored locally).")
    public String namespace;

    @JsonPropertyDescription("Labels.")
    public Map<String, String> labels;

    @JsonPropertyDescription("Annotations.")
    public Map<String, String> annotations;
}
