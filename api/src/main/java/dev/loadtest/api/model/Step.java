package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** One request in a sequence (a task's steps or a class's onStart). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Step {
    @JsonPropertyDescription("Name of the step; names its endpoint in results unless the request has a name.")
    public String name;

    @JsonPropertyDescription("The request.")
    @Required
    public Request request;

    @JsonPropertyDescription("Values to keep as per-user variables: \"$.json.path\", \"header:Name\" or"
            + " \"regex:pattern(with)group\".")
    public Map<String, String> extract;

    @JsonPropertyDescription("Assertions on the response.")
    @Size(max = Limits.CHECKS)
    public List<Check> checks;

    @JsonPropertyDescription("Pause after this step, e.g. 1s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String pause;
}
