package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A LoadTest document ({@code apiVersion: loadtest.dev/v1alpha1}). The same YAML is applied to a
 * cluster or run locally with {@code loadtest run}; the operator wraps {@link LoadTestSpec} in a
 * Fabric8 custom resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTest {
    public static final String API_VERSION = "loadtest.dev/v1alpha1";
    public static final String KIND = "LoadTest";

    @JsonPropertyDescription("Must be loadtest.dev/v1alpha1.")
    public String apiVersion;

    @JsonPropertyDescription("Must be LoadTest.")
    public String kind;

    @JsonPropertyDescription("Name, namespace, labels and annotations of the test.")
    public Metadata metadata;

    @JsonPropertyDescription("What to load, how hard, for how long, and how to judge it.")
    public LoadTestSpec spec;
}
