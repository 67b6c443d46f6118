package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Stepped stress: from {@code from} users to {@code to} users in increments of {@code step}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Steps {
    @JsonPropertyDescription("Users of the first level.")
    public Integer from;

    @JsonPropertyDescription("Users of the last level.")
    public Integer to;

    @JsonPropertyDescription("Users added at each level.")
    public Integer step;
}
