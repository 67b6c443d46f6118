package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What virtual users do: weighted user classes, or plain tasks for a single class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.userClasses) != has(self.tasks)",
        message = "set tasks (one class), or userClasses with tasks inside each, one of them")
@ValidationRule(
        value = "!has(self.onStart) || has(self.tasks)",
        message = "onStart goes with the tasks shorthand; with userClasses put onStart inside each class")
public class Scenario {
    @JsonPropertyDescription("Weighted user types, e.g. regular 70, power 20, admin 10.")
    @Size(max = Limits.USER_CLASSES)
    public List<UserClass> userClasses;

    @JsonPropertyDescription("Shorthand for one user class named 'default' with these tasks.")
    @Size(max = Limits.TASKS)
    public List<Task> tasks;

    @JsonPropertyDescription("Shorthand: per-user setup steps of the 'default' class.")
    @Size(max = Limits.STEPS)
    public List<Step> onStart;
}
