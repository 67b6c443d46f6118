package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** An assertion on a response; every field set must hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Check {
    @JsonPropertyDescription("Expected HTTP status, e.g. 200. A matching 4xx is then not a failure.")
    @Min(100)
    @Max(599)
    public Integer status;

    @JsonPropertyDescription("Text the body must contain.")
    public String bodyContains;

    @JsonPropertyDescription("A JSON path that must exist and, if equals is set, hold that value.")
    public JsonCheck json;

    @JsonPropertyDescription("Longest acceptable response time, e.g. 500ms.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String maxDuration;
}
