package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A PromQL query sampled during the run; its values are stored and judged as prometheus.NAME. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusQuery {
    @JsonPropertyDescription("Name used in thresholds and abort rules as prometheus.NAME, e.g. cacheHitRate.")
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
    @Required
    public String name;

    @JsonPropertyDescription("A PromQL expression returning one number (aggregate with sum(...) or avg(...)).")
    @Required
    public String query;
}
