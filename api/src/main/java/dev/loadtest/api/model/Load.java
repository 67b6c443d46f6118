package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The load model. Closed: {@code users} reached linearly over {@code rampUp} and held until {@code
 * duration}; or explicit {@code stages}; or {@code steps} (stepped stress). Open: {@code arrivalRate}
 * with {@code maxUsers}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Load {
    @JsonPropertyDescription("Concurrent virtual users at steady state (closed model).")
    public Integer users;

    @JsonPropertyDescription("Time to go linearly from 0 to users, e.g. 5m. Part of duration.")
    public String rampUp;

    @JsonPropertyDescription("Total duration including ramp-up, e.g. 15m or 1h30m.")
    public String duration;

    @JsonPropertyDescription("Explicit stages, k6-style: each moves linearly to its users over its duration.")
    public List<Stage> stages;

    @JsonPropertyDescription("Stepped stress: ramp to 'from' over rampUp, then hold each level up to 'to' for an"
            + " equal share of the remaining duration.")
    public Steps steps;

    @JsonPropertyDescription("Open model: iterations started at a fixed rate whatever the response times.")
    public ArrivalRate arrivalRate;

    @JsonPropertyDescription("Open model: most users busy at once; an arrival with none free is counted as dropped.")
    public Integer maxUsers;

    @JsonPropertyDescription("How long in-flight requests may finish after the end, e.g. 30s. Default 30s.")
    public String gracefulStop;
}
