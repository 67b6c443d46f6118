package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A key in a secret or config map. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRef {
    @JsonPropertyDescription("Name of the secret or config map.")
    public String name;

    @JsonPropertyDescription("Key within it.")
    public String key;
}
