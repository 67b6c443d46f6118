package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The load model. Closed: {@code users} reached linearly over {@code rampUp} and held until {@code
 * duration}; or explicit {@code stages}; or {@code steps} (stepped stress). Open: {@code arrivalRate}
 * with {@code maxUsers}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "(has(self.users) ? 1 : 0) + (has(self.stages) ? 1 : 0) + (has(self.steps) ? 1 : 0) + (has(self.arrivalRate) ? 1 : 0) <= 1",
        message = "set one load model: users, stages, steps or arrivalRate")
@ValidationRule(
        value = "!has(self.maxUsers) || has(self.arrivalRate)",
        message = "maxUsers applies only with arrivalRate (the open model)")
@ValidationRule(
        value = "!has(self.arrivalRate) || has(self.maxUsers)",
        message = "arrivalRate needs maxUsers: the most users busy at once")
public class Load {
    @JsonPropertyDescription("Concurrent virtual users at steady state (closed model).")
    @Min(1)
    public Integer users;

    @JsonPropertyDescription("Time to go linearly from 0 to users, e.g. 5m. Part of duration.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String rampUp;

    @JsonPropertyDescription("Total duration including ramp-up, e.g. 15m or 1h30m.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String duration;

    @JsonPropertyDescription("Explicit stages, k6-style: each moves linearly to its users over its duration.")
    @Size(max = Limits.STAGES)
    public List<Stage> stages;

    @JsonPropertyDescription("Stepped stress: ramp to 'from' over rampUp, then hold each level up to 'to' for an"
            + " equal share of the remaining duration.")
    public Steps steps;

    @JsonPropertyDescription("Open model: iterations started at a fixed rate whatever the response times.")
    public ArrivalRate arrivalRate;

    @JsonPropertyDescription("Open model: most users busy at once; an arrival with none free is counted as dropped.")
    @Min(1)
    public Integer maxUsers;

    @JsonPropertyDescription("How long in-flight requests may finish after the end, e.g. 30s. Default 30s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String gracefulStop;
}
