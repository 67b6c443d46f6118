package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Merged figures of every runner: exact percentiles from merged histograms, never averages of percentiles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Summary {
    @JsonPropertyDescription("Requests sent.")
    public long requests;

    @JsonPropertyDescription("Requests that did not succeed (4xx, 5xx, timeouts, connection errors, failed checks).")
    public long failures;

    @JsonPropertyDescription("failures / requests, in percent.")
    public double errorPercent;

    @JsonPropertyDescription("Requests per second over the run so far.")
    public double requestsPerSecond;

    @JsonPropertyDescription("Median latency, ms.")
    public Double p50;

    @JsonPropertyDescription("90th percentile latency, ms.")
    public Double p90;

    @JsonPropertyDescription("95th percentile latency, ms.")
    public Double p95;

    @JsonPropertyDescription("99th percentile latency, ms.")
    public Double p99;

    @JsonPropertyDescription("Slowest request, ms.")
    public Double max;

    @JsonPropertyDescription("Iterations dropped by the open model for want of a free user.")
    public long droppedIterations;
}
