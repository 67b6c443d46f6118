package dev.loadtest.engine.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/** One interval of the time series: its endpoints' figures, users, iterations and checks. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonPropertyOrder({"index", "users", "iterations", "dropped", "checksPassed", "checksFailed", "endpoints"})
public final class IntervalStats {
    /** Position in the run: this interval covers [index * intervalMs, (index + 1) * intervalMs). */
    public int index;
    /** Active users at the end of the interval (summed across runners when merged). */
    public int users;

    public long iterations;
    public long dropped;
    public long checksPassed;
    public long checksFailed;
    public Map<String, EndpointStats> endpoints = new TreeMap<>();

    public long requests() {
        return endpoints.values().stream().mapToLong(EndpointStats::requests).sum();
    }

    public long failures() {
        return endpoints.values().stream().mapToLong(EndpointStats::failures).sum();
    }

    void addAll(IntervalStats other) {
        users += other.users;
        iterations += other.iterations;
        dropped += other.dropped;
        checksPassed += other.checksPassed;
        checksFailed += other.checksFailed;
        other.endpoints.forEach((name, s) ->
                endpoints.computeIfAbsent(name, n -> new EndpointStats()).addAll(s));
        endpoints.values().forEach(EndpointStats::compact);
    }
}
