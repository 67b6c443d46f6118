package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A secret or config map mounted read-only into runner pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerVolume {
    @JsonPropertyDescription("Volume name.")
    public String name;

    @JsonPropertyDescription("Where it is mounted in the runner container.")
    public String mountPath;

    @JsonPropertyDescription("Name of a secret to mount.")
    public String secret;

    @JsonPropertyDescription("Name of a config map to mount.")
    public String configMap;
}
