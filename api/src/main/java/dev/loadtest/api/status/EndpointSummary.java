package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One endpoint's merged figures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointSummary {
    @JsonPropertyDescription("Endpoint name.")
    public String name;

    @JsonPropertyDescription("Requests sent.")
    public long requests;

    @JsonPropertyDescription("failures / requests, in percent.")
    public double errorPercent;

    @JsonPropertyDescription("95th percentile latency, ms.")
    public Double p95;

    @JsonPropertyDescription("99th percentile latency, ms.")
    public Double p99;
}
