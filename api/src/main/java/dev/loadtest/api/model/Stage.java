package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One stage of a closed model: move linearly to {@code users} over {@code duration}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Stage {
    @JsonPropertyDescription("How long the stage lasts, e.g. 5m.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    @Required
    public String duration;

    @JsonPropertyDescription("Users at the end of the stage.")
    @Min(0)
    @Required
    public Integer users;

    public Stage() {}

    public Stage(String duration, Integer users) {
        this.duration = duration;
        this.users = users;
    }
}
