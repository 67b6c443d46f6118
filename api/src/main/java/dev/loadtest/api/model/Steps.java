package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Stepped stress: from {@code from} users to {@code to} users in increments of {@code step}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Steps {
    @JsonPropertyDescription("Users of the first level.")
    @Min(1)
    @Required
    public Integer from;

    @JsonPropertyDescription("Users of the last level.")
    @Min(1)
    @Required
    public Integer to;

    @JsonPropertyDescription("Users added at each level.")
    @Min(1)
    @Required
    public Integer step;
}
