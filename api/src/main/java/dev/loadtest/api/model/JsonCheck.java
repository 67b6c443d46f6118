package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A check on a JSON value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JsonCheck {
    @JsonPropertyDescription("JSON path, e.g. $.items[0].id.")
    @Required
    public String path;

    @JsonPropertyDescription("Expected value, compared as text.")
    public String equals;
}
