package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** What is removed after a run. Results always stay with the LoadTest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cleanup {
    @JsonPropertyDescription(
            "Delete runner pods after the run: Always, OnSuccess (the default: only a Passed run's; failed, aborted and errored runs keep theirs, with their logs) or Never. Pods that never ran are always deleted.")
    @Pattern("^(Always|OnSuccess|Never)$")
    public String runnerPods;

    @JsonPropertyDescription("Delete the whole LoadTest (and its results) this many seconds after it finished.")
    @Min(0)
    public Integer ttlSecondsAfterFinished;
}
