package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Runner pods by state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnersStatus {
    @JsonPropertyDescription("Runner pods the run needs.")
    public int desired;

    @JsonPropertyDescription("Runner pods ready to start.")
    public int ready;

    @JsonPropertyDescription("Runners generating load.")
    public int running;

    @JsonPropertyDescription("Runners that finished and handed over their results.")
    public int succeeded;

    @JsonPropertyDescription("Runners that failed (crashed, OOMKilled, evicted, unschedulable).")
    public int failed;

    @JsonPropertyDescription("The common start time published to every runner (RFC 3339).")
    public String startAt;

    @JsonPropertyDescription("Spread between the first and the last runner's actual start, in ms.")
    public Long startSkewMs;
}
