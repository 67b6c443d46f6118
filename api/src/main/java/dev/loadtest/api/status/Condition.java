package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A standard Kubernetes condition, so {@code kubectl wait --for=condition=Complete} works. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
    public static final String COMPLETE = "Complete";
    public static final String RUNNING = "Running";
    public static final String THRESHOLDS_PASSED = "ThresholdsPassed";
    public static final String VALID = "Valid";
    /** The target's HPA, pods, metrics and Prometheus could all be read (False names what could not). */
    public static final String TARGET_OBSERVED = "TargetObserved";

    @JsonPropertyDescription("Complete, Running, ThresholdsPassed or Valid.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("CamelCase reason, e.g. ThresholdsFailed, RunnerFailed, InvalidSpec.")
    public String reason;

    @JsonPropertyDescription("What happened, for people.")
    public String message;

    @JsonPropertyDescription("When status last changed (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("The generation this condition describes.")
    public Long observedGeneration;

    public Condition() {}

    public Condition(String type, boolean status, String reason, String message) {
        this.type = type;
        this.status = status ? "True" : "False";
        this.reason = reason;
        this.message = message;
    }
}
