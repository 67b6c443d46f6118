package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One stage of a closed model: move linearly to {@code users} over {@code duration}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Stage {
    @JsonPropertyDescription("How long the stage lasts, e.g. 5m.")
    public String duration;

    @JsonPropertyDescription("Users at the end of the stage.")
    public Integer users;

    public Stage() {}

    public Stage(String duration, Integer users) {
        this.duration = duration;
        this.users = users;
    }
}
