package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Pause after each iteration: uniform between min and max, or constant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThinkTime {
    @JsonPropertyDescription("Shortest pause, e.g. 3s.")
    public String min;

    @JsonPropertyDescription("Longest pause, e.g. 10s.")
    public String max;

    @JsonPropertyDescription("A fixed pause, e.g. 1s; 0s for none.")
    public String constant;

    public ThinkTime() {}

    public static ThinkTime between(String min, String max) {
        ThinkTime t = new ThinkTime();
        t.min = min;
        t.max = max;
        return t;
    }
}
