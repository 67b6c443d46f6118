package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Pause after each iteration: uniform between min and max, or constant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.constant) && (has(self.min) || has(self.max)))",
        message = "set constant, or min and max, not both")
public class ThinkTime {
    @JsonPropertyDescription("Shortest pause, e.g. 3s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String min;

    @JsonPropertyDescription("Longest pause, e.g. 10s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String max;

    @JsonPropertyDescription("A fixed pause, e.g. 1s; 0s for none.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String constant;

    public ThinkTime() {}

    public static ThinkTime between(String min, String max) {
        ThinkTime t = new ThinkTime();
        t.min = min;
        t.max = max;
        return t;
    }
}
