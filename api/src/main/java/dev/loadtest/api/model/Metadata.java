package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The subset of Kubernetes object metadata a LoadTest file may carry when run locally. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Metadata {
    @JsonPropertyDescription("Name of the test; names the results.")
    public String name;

    @JsonPropertyDescription("Prefix of a name the API server makes unique by appending 5 characters, for"
            + " kubectl create -f: each create is a new test (a re-run in CI). Used when name is absent; at most"
            + " 58 characters. Locally the prefix without its trailing '-' names the results.")
    public String generateName;

    @JsonPropertyDescription("Namespace (used in a cluster; ignored locally).")
    public String namespace;

    @JsonPropertyDescription("Labels.")
    public Map<String, String> labels;

    @JsonPropertyDescription("Annotations.")
    public Map<String, String> annotations;

    /**
     * The name a test goes by where no API server named it (a local run's results and summary):
     * {@code name}, else {@code generateName} without its trailing '-', else null.
     */
    public String nameOrPrefix() {
        if (name != null) {
            return name;
        }
        if (generateName == null) {
            return null;
        }
        String prefix = generateName.replaceAll("-+$", "");
        return prefix.isEmpty() ? null : prefix;
    }
}
