package dev.loadtest.engine.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
     * Folds runners' snapshots one at a time, so a caller can drop each after adding it (or never
     * build it: {@link #addWire} decodes the binary wire format straight into the sums). Endpoints
     * are numbered once; totals and intervals accumulate counters in arrays and latencies in
     * {@link SparseAccumulator}s, whose memory grows with the buckets used, not the range (same
     * bucketing, so still exact).
     */
    public static final class Merger {
        private final RunSnapshot m = new RunSnapshot();
        private final Map<String, CheckStats> checks = new TreeMap<>();
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        /** Counters of the totals, and the part of their latencies not in the intervals (see result()). */
        private final EndpointSums totals = new EndpointSums();
        /** Latencies in the intervals but not in the totals: taken away again in result(). */
        private final EndpointSums totalsMinus = new EndpointSums();

        private final TreeMap<Long, Slot> intervals = new TreeMap<>();
        private final DeferredSums deferred = new DeferredSums();
        private long[] difference;
        private long end;
        private boolean first = true;
        /** Whether a runner that started has been merged (its start and end set the run's). */
        private boolean started;
        /** Latencies added so far: below 2^48, so no accumulator's bucket can overflow. */
        private long latencies;

        public Merger() {
            m.runners = 0;
        }

        /** Adds one runner's (or one merge's) snapshot. */
        public Merger add(RunSnapshot p) {
            header(p.name, p.runners, p.startEpochMs, p.intervalMs, p.elapsedMs, p.maxUsers, p.iterations, p.dropped);
            Set<String> endpoints = new TreeSet<>(p.totals.keySet());
            for (CheckStats c : p.checks) {
                check(c.endpoint, c.check, c.passed, c.failed);
            }
            for (IntervalStats i : p.intervals) {
                Slot into = slot(p.startEpochMs, i.index);
                into.add(i.users, i.iterations, i.dropped, i.checksPassed, i.checksFailed);
                for (Map.Entry<String, EndpointStats> e : i.endpoints.entrySet()) {
                    latencies += into.endpoints.add(id(e.getKey()), e.getValue());
                }
                endpoints.addAll(i.endpoints.keySet());
            }
            // result() builds the totals from the merged intervals: keep only how p's differ (see there)
            if (difference == null) {
                difference = new long[Buckets.COUNT];
            }
            for (String name : endpoints) {
                int id = id(name);
                EndpointStats s = p.totals.get(name);
                SparseAccumulator plus = s != null ? totals.latencies(id) : null; // makes room for the counters
                if (s != null) {
                    s.addCountsTo(totals.counts(), id * EndpointStats.COUNTERS);
                }
                SnapshotWire.difference(p, name, difference);
                SparseAccumulator minus = null;
                for (int b = 0; b < difference.length; b++) {
                    long d = difference[b];
                    latencies += Math.abs(d);
                    if (d > 0) {
                        plus.add(b, d);
                    } else if (d < 0) {
                        if (minus == null) {
                            minus = totalsMinus.latencies(id);
                        }
                        minus.add(b, -d);
                    }
                }
            }
            return this;
        }

        /**
         * Adds a snapshot in the binary wire format ({@link SnapshotWire}) without building it: counts
         * go straight into the sums, buckets a batch of runners at a time ({@link DeferredSums}, which
         * holds on to at most {@value DeferredSums#BATCH} bodies or 8 MB of them). All or nothing: the whole body is
         * checked before anything is added (checksum, histogram configuration, interval length, every
         * number, name and bucket, see {@link SnapshotWire#check}), so a body that is damaged or
         * malformed, even under a valid checksum, throws {@link IllegalArgumentException} and leaves
         * the merge as it was; and a body that passes cannot make a later batch or {@link #result()}
         * fail.
         */
        public Merger addWire(byte[] wire) {
            SnapshotWire.mergeInto(wire, this);
            return this;
        }

        void header(
                String name,
                int runners,
                long startEpochMs,
                long intervalMs,
                long elapsedMs,
                int maxUsers,
                long iterations,
                long dropped) {
            checkIntervalMs(intervalMs);
            if (first) {
                m.name = name;
                m.intervalMs = intervalMs;
                first = false;
            }
            // A runner that never started (start 0: an error before the start reached it) measured
            // nothing: its zero start must not become the run's, which would make the elapsed time
            // 56 years and every rate nil
            if (startEpochMs > 0) {
                m.startEpochMs = started ? Math.min(m.startEpochMs, startEpochMs) : startEpochMs;
                end = started ? Math.max(end, startEpochMs + elapsedMs) : startEpochMs + elapsedMs;
                started = true;
            }
            m.runners += runners;
            m.maxUsers += maxUsers;
            m.iterations += iterations;
            m.dropped += dropped;
        }

        /** Throws unless a snapshot with intervals of {@code intervalMs} can join this merge. */
        void checkIntervalMs(long intervalMs) {
            if (!first && intervalMs != m.intervalMs) {
                throw new IllegalArgumentException(
                        "cannot merge snapshots with intervals of " + intervalMs + " and " + m.intervalMs + " ms");
            }
        }

        /** How many more latencies the merge can take. */
        long latenciesLeft() {
            return Math.max(0, SparseAccumulator.MAX_COUNT - latencies);
        }

        void latenciesAdded(long n) {
            latencies += n;
        }

        /** The merge's number for an endpoint name. */
        int id(String endpoint) {
            Integer id = ids.get(endpoint);
            if (id == null) {
                id = names.size();
                ids.put(endpoint, id);
                names.add(endpoint);
            }
            return id;
        }

        void check(String endpoint, String check, long passed, long failed) {
            CheckStats c = new CheckStats(endpoint, check, 0, 0);
            CheckStats into = checks.computeIfAbsent(c.key(), k -> c);
            into.passed += passed;
            into.failed += failed;
        }

        EndpointSums totals() {
            return totals;
        }

        EndpointSums totalsMinus() {
            return totalsMinus;
        }

        DeferredSums deferred() {
            return deferred;
        }

        /** The sums of the interval that starts {@code index} intervals after {@code startEpochMs}. */
        Slot slot(long startEpochMs, int index) {
            // keyed by wall-clock start, re-indexed against the earliest runner at the end
            long startMs = startEpochMs + index * m.intervalMs;
            long slot = Math.round(startMs / (double) m.intervalMs);
            return intervals.computeIfAbsent(slot, k -> new Slot());
        }

        public RunSnapshot result() {
            deferred.flush();
            RunSnapshot r = m.header();
            r.elapsedMs = end - m.startEpochMs;
            r.totals = totalsResult();
            r.checks = new ArrayList<>(checks.values());
            long base = Math.round(m.startEpochMs / (double) m.intervalMs);
            for (Map.Entry<Long, Slot> e : intervals.entrySet()) {
                Slot s = e.getValue();
                IntervalStats i = new IntervalStats();
                i.index = (int) (e.getKey() - base);
                i.users = s.users;
                i.iterations = s.iterations;
                i.dropped = s.dropped;
                i.checksPassed = s.checksPassed;
                i.checksFailed = s.checksFailed;
                i.endpoints = s.endpoints.result(names);
                r.intervals.add(i);
            }
            return r;
        }

        /**
         * An endpoint's total latencies are the merged intervals' plus what runners' totals had
         * beyond their intervals, minus what their intervals had beyond their totals (both usually
         * nothing): a runner's totals' buckets need not be added one by one, they are its intervals'.
         */
        private Map<String, EndpointStats> totalsResult() {
            Map<String, EndpointStats> out = new TreeMap<>();
            long[] sum = new long[Buckets.COUNT]; // summed by bucket, then encoded in one pass
            for (int id = 0; id < names.size(); id++) {
                SparseAccumulator plus = totals.present(id);
                if (plus == null) {
                    continue;
                }
                plus.addTo(sum);
                for (Slot s : intervals.values()) {
                    SparseAccumulator a = s.endpoints.present(id);
                    if (a != null) {
                        a.addTo(sum);
                    }
                }
                SparseAccumulator minus = totalsMinus.present(id);
                if (minus != null) {
                    minus.subtractFrom(sum);
                }
                EndpointStats e = new EndpointStats().setCounts(totals.counts(), id * EndpointStats.COUNTERS);
                e.setEncoded(SparseAccumulator.encodeDense(sum));
                out.put(names.get(id), e);
            }
            return out;
        }
    }

    /** One merged interval's sums. */
    static final class Slot {
        int users;
        long iterations;
        long dropped;
        long checksPassed;
        long checksFailed;
        final EndpointSums endpoints = new EndpointSums();

        void add(int users, long iterations, long dropped, long checksPassed, long checksFailed) {
            this.users += users;
            this.iterations += iterations;
            this.dropped += dropped;
            this.checksPassed += checksPassed;
            this.checksFailed += checksFailed;
        }
    }

    /** Per-endpoint sums, indexed by the merge's endpoint numbers: counters and latencies. */
    static final class EndpointSums {
        private long[] counts = new long[0];
        private SparseAccumulator[] latencies = new SparseAccumulator[0];

        /** The counters of endpoint {@code id} start at {@code counts()[id * EndpointStats.COUNTERS]}. */
        long[] counts() {
            return counts;
        }

        /** The latency sum of endpoint {@code id}, or null if no runner had it. */
        SparseAccumulator present(int id) {
            return id < latencies.length ? latencies[id] : null;
        }

        /** The latency sum of endpoint {@code id}, created (and the endpoint marked present) if new. */
        SparseAccumulator latencies(int id) {
            if (id >= latencies.length) {
                int n = Math.max(id + 1, latencies.length * 2);
                latencies = Arrays.copyOf(latencies, n);
                counts = Arrays.copyOf(counts, n * EndpointStats.COUNTERS);
            }
            SparseAccumulator a = latencies[id];
            if (a == null) {
                a = latencies[id] = new SparseAccumulator();
            }
            return a;
        }

        /** Adds {@code s}; returns how many latencies it had. */
        long add(int id, EndpointStats s) {
            SparseAccumulator a = latencies(id);
            s.addCountsTo(counts, id * EndpointStats.COUNTERS);
            return a.addValues(s.latencyEncoded());
        }

        Map<String, EndpointStats> result(List<String> names) {
            Map<String, EndpointStats> out = new TreeMap<>();
            for (int id = 0; id < latencies.length; id++) {
                if (latencies[id] != null) {
                    EndpointStats s = new EndpointStats().setCounts(counts, id * EndpointStats.COUNTERS);
                    s.setEncoded(latencies[id].encode());
                    out.put(names.get(id), s);
                }
            }
            return out;
        }
    }
}
