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
    /** The spec was edited after the run started: the run goes on with the spec it started with. */
    public static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";

    @JsonPropertyDescription(
            "Complete (the run has ended, in any terminal phase), Running, ThresholdsPassed (False with reason"
                    + " NotJudged when the run ended without a verdict), Valid, TargetObserved or SpecChangeIgnored.")
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
