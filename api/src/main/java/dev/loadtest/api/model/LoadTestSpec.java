package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The user-facing contract of a load test; see docs/loadtest-reference.md. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.load) || has(self.profile)",
        message = "set load (users and duration, stages, steps or arrivalRate) or a profile")
public class LoadTestSpec {
    @JsonPropertyDescription("Preset from the team's load-testing guide: smoke, baseline, load or stress. Every other"
            + " field overrides the preset; thresholds override preset thresholds on the same metric and statistic.")
    @Pattern("^(smoke|baseline|load|stress)$")
    public String profile;

    @JsonPropertyDescription("The system under test.")
    public Target target;

    @JsonPropertyDescription("The load model: closed (users, rampUp, duration, stages or steps) or open (arrivalRate).")
    public Load load;

    @JsonPropertyDescription("Pause between a user's iterations: {min, max} uniform, or {constant}. Default: none.")
    public ThinkTime thinkTime;

    @JsonPropertyDescription("What virtual users do: weighted user classes with tasks.")
    @Required
    public Scenario scenario;

    @JsonPropertyDescription(
            "Environment variables for templates (${env.NAME}); values from secrets never reach" + " status or logs.")
    @Size(max = Limits.ENV)
    public List<EnvVar> env;

    @JsonPropertyDescription("CSV data files for templates (${data.NAME.COLUMN}); each user takes the next row.")
    @Size(max = Limits.DATA_FILES)
    public List<DataFile> data;

    @JsonPropertyDescription("Pass/fail criteria in k6 syntax, e.g. \"http_req_duration: p(95) < 500ms\".")
    @Size(max = Limits.THRESHOLDS)
    public List<String> thresholds;

    @JsonPropertyDescription("Rules that stop the test early, e.g. \"http_req_failed: rate > 5% for 1m\".")
    @Size(max = Limits.ABORT_RULES)
    public List<String> abort;

    @JsonPropertyDescription("How the operator splits the load across runner pods.")
    public Runners runners;

    @JsonPropertyDescription("What is removed after the run.")
    public Cleanup cleanup;
}
