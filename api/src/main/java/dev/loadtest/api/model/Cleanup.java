package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What is removed after a run. Results always stay with the LoadTest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cleanup {
    @JsonPropertyDescription(
            "Delete runner pods: Always, OnSuccess (default: failed runs keep theirs, with their logs) or Never.")
    public String runnerPods;

    @JsonPropertyDescription("Delete the whole LoadTest (and its results) this many seconds after it finished.")
    public Integer ttlSecondsAfterFinished;
}
