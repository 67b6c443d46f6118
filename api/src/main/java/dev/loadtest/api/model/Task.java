package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** One iteration's work: a single request (with extract and checks) or a sequence of steps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.request) != has(self.steps)",
        message = "set request (one request) or steps (a sequence), one of them")
public class Task {
    @JsonPropertyDescription("Name of the task; names its endpoint in results unless the request has a name.")
    public String name;

    @JsonPropertyDescription("Relative chance of being picked (default 1).")
    @Min(0)
    public Integer weight;

    @JsonPropertyDescription("The request of a single-request task.")
    public Request request;

    @JsonPropertyDescription("Values to keep as per-user variables: \"$.json.path\", \"header:Name\" or"
            + " \"regex:pattern(with)group\".")
    public Map<String, String> extract;

    @JsonPropertyDescription("Assertions on the response.")
    @Size(max = Limits.CHECKS)
    public List<Check> checks;

    @JsonPropertyDescription("A sequence of steps run in order (instead of request).")
    @Size(max = Limits.STEPS)
    public List<Step> steps;
}
