package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The target's workload in a cluster: watched by the operator, ignored locally. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.hpa) || has(self.podSelector)",
        message = "watches nothing: set hpa (an HPA's name) and/or podSelector (pod labels)")
public class Workload {
    @JsonPropertyDescription("Namespace of the target workload. Default: the LoadTest's namespace.")
    public String namespace;

    @JsonPropertyDescription(
            "Name of the target's HorizontalPodAutoscaler (autoscaling/v2): replicas and scaling are recorded.")
    public String hpa;

    @JsonPropertyDescription(
            "Labels selecting the target's pods: count, restarts, OOM kills, CPU and memory are recorded.")
    public Map<String, String> podSelector;
}
