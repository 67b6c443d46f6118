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
    /** 2: histograms as sparse buckets (see {@link SparseHistograms}). */
    public static final int FORMAT = 2;

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

    /** A snapshot with this one's identity and counters, and no totals, checks or intervals. */
    public RunSnapshot header() {
        RunSnapshot h = new RunSnapshot();
        h.name = name;
        h.runners = runners;
        h.startEpochMs = startEpochMs;
        h.intervalMs = intervalMs;
        h.elapsedMs = elapsedMs;
        h.maxUsers = maxUsers;
        h.iterations = iterations;
        h.dropped = dropped;
        return h;
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
        Merger m = new Merger();
        parts.forEach(m::add);
        return m.result();
    }

    /**
     * Folds runners' snapshots one at a time, so a caller can drop each after adding it: totals
     * accumulate in one histogram per endpoint, intervals in {@link SparseAccumulator}s whose memory
     * grows with the buckets used, not the range (same bucketing, so still exact).
     */
    public static final class Merger {
        private final RunSnapshot m = new RunSnapshot();
        private final Map<String, CheckStats> checks = new TreeMap<>();
        private final TreeMap<Long, IntervalStats> intervals = new TreeMap<>();
        private final Map<Long, Map<String, SparseAccumulator>> latencies = new TreeMap<>();
        private long end;
        private boolean first = true;

        public Merger() {
            m.runners = 0;
        }

        public Merger add(RunSnapshot p) {
            if (first) {
                m.name = p.name;
                m.intervalMs = p.intervalMs;
                m.startEpochMs = p.startEpochMs;
                end = p.startEpochMs;
                first = false;
            } else if (p.intervalMs != m.intervalMs) {
                throw new IllegalArgumentException(
                        "cannot merge snapshots with intervals of " + p.intervalMs + " and " + m.intervalMs + " ms");
            }
            m.startEpochMs = Math.min(m.startEpochMs, p.startEpochMs);
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
            for (IntervalStats i : p.intervals) {
                // keyed by wall-clock start, re-indexed against the earliest runner at the end
                long startMs = p.startEpochMs + i.index * m.intervalMs;
                long slot = Math.round(startMs / (double) m.intervalMs);
                IntervalStats into = intervals.computeIfAbsent(slot, k -> new IntervalStats());
                into.users += i.users;
                into.iterations += i.iterations;
                into.dropped += i.dropped;
                into.checksPassed += i.checksPassed;
                into.checksFailed += i.checksFailed;
                Map<String, SparseAccumulator> sums = latencies.computeIfAbsent(slot, k -> new TreeMap<>());
                i.endpoints.forEach((name, s) -> {
                    into.endpoints
                            .computeIfAbsent(name, n -> new EndpointStats())
                            .addCounts(s);
                    sums.computeIfAbsent(name, n -> new SparseAccumulator()).add(s.encoded());
                });
            }
            return this;
        }

        public RunSnapshot result() {
            m.elapsedMs = end - m.startEpochMs;
            m.checks = new ArrayList<>(checks.values());
            long base = Math.round(m.startEpochMs / (double) m.intervalMs);
            m.intervals = new ArrayList<>();
            for (Map.Entry<Long, IntervalStats> e : intervals.entrySet()) {
                IntervalStats i = e.getValue();
                i.index = (int) (e.getKey() - base);
                Map<String, SparseAccumulator> sums = latencies.getOrDefault(e.getKey(), Map.of());
                i.endpoints.forEach((name, s) ->
                        s.setEncoded(sums.containsKey(name) ? sums.get(name).encode() : null));
                m.intervals.add(i);
            }
            m.totals.values().forEach(EndpointStats::compact);
            return m;
        }
    }
}
