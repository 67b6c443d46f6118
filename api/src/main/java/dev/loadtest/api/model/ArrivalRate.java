package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Open model: {@code rate} iterations started every {@code per}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArrivalRate {
    @JsonPropertyDescription("Iterations started per period.")
    @Required
    public Double rate;

    @JsonPropertyDescription("The period, e.g. 1s or 1m. Default 1s.")
    public String per;
}
