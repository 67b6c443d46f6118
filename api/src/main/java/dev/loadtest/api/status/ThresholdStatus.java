package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A threshold with the value it was judged on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdStatus {
    @JsonPropertyDescription("The expression, as written.")
    public String expression;

    @JsonPropertyDescription("The measured value, e.g. p(95)=412ms.")
    public String measured;

    @JsonPropertyDescription("True when the threshold holds.")
    public boolean ok;
}
