package dev.loadtest.engine.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a runner measured, as a value that serialises compactly (histograms compressed) and
 * merges exactly: merging the snapshots of N runners gives the counts and percentiles of one
 * recorder that saw every request. This is the results file ({@code results.json}), what runners
 * hand the operator, and what reports read.
 */
@JsonPropertyOrder({
    "format",
    "name",
    "runners",
    "startEpochMs",
    "intervalMs",
    "elapsedMs",
    "maxUsers",
    "iterations",
    "dropped",
    "totals",
    "checks",
    "intervals"
})
public final class RunSnapshot {
    public static final int FORMAT = 1;

    public int format = FORMAT;
    public String name;
    /** How many runners' snapshots this one merges (1 for a single runner). */
    public int runners = 1;

    public long startEpochMs;
    public long intervalMs;
    /** Measured time from start to the last finished request. */
    public long elapsedMs;
    /** Peak concurrent users. */
    public int maxUsers;

    public long iterations;
    public long dropped;
    public Map<String, EndpointStats> totals = new TreeMap<>();
    public List<CheckStats> checks = new ArrayList<>();
    public List<IntervalStats> intervals = new ArrayList<>();

    public long requests() {
        return totals.values().stream().mapToLong(EndpointStats::requests).sum();
    }

    public long failures() {
        return totals.values().stream().mapToLong(EndpointStats::failures).sum();
    }

    /** All endpoints together. */
    public EndpointStats overall() {
        EndpointStats all = new EndpointStats();
        totals.values().forEach(all::addAll);
        return all;
    }

    /**
     * Merges runners' snapshots. Intervals are aligned by wall-clock time, so runners started by a
     * common start time land in the same buckets; counts and histograms add exactly.
     */
    public static RunSnapshot merge(List<RunSnapshot> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        RunSnapshot m = new RunSnapshot();
        m.name = parts.get(0).name;
        m.intervalMs = parts.get(0).intervalMs;
        m.startEpochMs = parts.stream().mapToLong(p -> p.startEpochMs).min().orElseThrow();
        m.runners = 0;
        long end = m.startEpochMs;
        Map<String, CheckStats> checks = new TreeMap<>();
        TreeMap<Integer, IntervalStats> intervals = new TreeMap<>();
        for (RunSnapshot p : parts) {
            if (p.intervalMs != m.intervalMs) {
                throw new IllegalArgumentException(
                        "cannot merge snapshots with intervals of " + p.intervalMs + " and " + m.intervalMs + " ms");
            }
            m.runners += p.runners;
            end = Math.max(end, p.startEpochMs + p.elapsedMs);
            m.maxUsers += p.maxUsers;
            m.iterations += p.iterations;
            m.dropped += p.dropped;
            p.totals.forEach((name, s) ->
                    m.totals.computeIfAbsent(name, n -> new EndpointStats()).addAll(s));
            for (CheckStats c : p.checks) {
                CheckStats into = checks.computeIfAbsent(c.key(), k -> new CheckStats(c.endpoint, c.check, 0, 0));
                into.passed += c.passed;
                into.failed += c.failed;
            }
            int offset = (int) Math.round((p.startEpochMs - m.startEpochMs) / (double) m.intervalMs);
            for (IntervalStats i : p.intervals) {
                IntervalStats into = intervals.computeIfAbsent(i.index + offset, k -> {
                    IntervalStats fresh = new IntervalStats();
                    fresh.index = k;
                    return fresh;
                });
                into.addAll(i);
            }
        }
        m.elapsedMs = end - m.startEpochMs;
        m.checks = new ArrayList<>(checks.values());
        m.intervals = new ArrayList<>(intervals.values());
        m.totals.values().forEach(EndpointStats::compact);
        return m;
    }
}
