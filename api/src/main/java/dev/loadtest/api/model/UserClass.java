package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A kind of user: its share of users, its setup steps and its weighted tasks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserClass {
    @JsonPropertyDescription("Name of the class, shown in results.")
    @Required
    public String name;

    @JsonPropertyDescription("Relative share of users (default 1).")
    @Min(0)
    public Integer weight;

    @JsonPropertyDescription("Steps each user runs once when it starts, e.g. a login that extracts a token.")
    @Size(max = Limits.STEPS)
    public List<Step> onStart;

    @JsonPropertyDescription("Tasks, one picked by weight per iteration.")
    @Size(max = Limits.TASKS)
    @Required
    public List<Task> tasks;

    @JsonPropertyDescription("Think time for this class, overriding spec.thinkTime.")
    public ThinkTime thinkTime;
}
