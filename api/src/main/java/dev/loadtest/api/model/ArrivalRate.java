package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Open model: {@code rate} iterations started every {@code per}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArrivalRate {
    @JsonPropertyDescription("Iterations started per period.")
    @Required
    @Min(value = 0, inclusive = false)
    public Double rate;

    @JsonPropertyDescription("The period, e.g. 1s or 1m. Default 1s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String per;
}
