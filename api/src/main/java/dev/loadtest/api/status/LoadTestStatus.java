package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadtest.api.model.Limits;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and decided; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadTestStatus {
    @JsonPropertyDescription("Pending, Queued, Starting, Running, Stopping, Passed, Failed, Aborted, Error or Invalid.")
    public Phase phase;

    @JsonPropertyDescription("The spec generation the run was started with; later edits do not restart it.")
    public Long observedGeneration;

    @JsonPropertyDescription("What is happening or what happened, for people.")
    public String message;

    @JsonPropertyDescription(
            "Why the run is failing or failed (a runner crashed, was OOMKilled, evicted or unschedulable).")
    public String error;

    @JsonPropertyDescription("CamelCase reason of the error, e.g. RunnerFailed.")
    public String errorReason;

    @JsonPropertyDescription("The abort rule that stopped the run, as written.")
    public String abortedBy;

    @JsonPropertyDescription("Passed or Failed, once the thresholds are judged.")
    public String verdict;

    @JsonPropertyDescription("The URL the run loads, from the spec it was admitted with: LoadTests queue per target"
            + " by it, whatever later edits of the spec say.")
    public String targetUrl;

    @JsonPropertyDescription("When the load started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the run ended (RFC 3339).")
    public String completionTime;

    @JsonPropertyDescription("Runner pods by state.")
    public RunnersStatus runners;

    @JsonPropertyDescription("Target users of the run, and users active now.")
    public Users users;

    @JsonPropertyDescription("Merged figures of all runners.")
    public Summary summary;

    @JsonPropertyDescription("The endpoints with most requests.")
    @Size(max = Limits.STATUS_ENDPOINTS)
    public List<EndpointSummary> endpoints;

    @JsonPropertyDescription("Each threshold with its measured value and verdict.")
    @Size(max = Limits.STATUS_THRESHOLDS)
    public List<ThresholdStatus> thresholds;

    @JsonPropertyDescription("What the target did: replicas, CPU, memory, restarts, OOM kills, Prometheus queries.")
    public TargetStatus target;

    @JsonPropertyDescription("Abort rules that hold now, since when (a rule fires once it has held for its window).")
    @Size(max = Limits.ABORT_RULES)
    public List<AbortRuleStatus> abortRules;

    @JsonPropertyDescription("Where the full results (all intervals, all endpoints) are stored.")
    public ResultsRef results;

    @JsonPropertyDescription(
            "Complete, Running, ThresholdsPassed, Valid, TargetObserved, SpecChangeIgnored: wait on them with"
                    + " kubectl wait --for=condition=Complete.")
    @Size(max = Limits.STATUS_CONDITIONS)
    public List<Condition> conditions = new ArrayList<>();

    /** Target and current users. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Users {
        @JsonPropertyDescription("Peak users the load model asks for.")
        public int target;

        @JsonPropertyDescription("Users active now (summed over runners).")
        public int current;
    }
}
