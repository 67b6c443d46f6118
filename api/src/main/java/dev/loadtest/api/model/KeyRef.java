package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key in a secret or config map. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRef {
    @JsonPropertyDescription("Name of the secret or config map.")
    @Required
    public String name;

    @JsonPropertyDescription("Key within it.")
    @Required
    public String key;
}
