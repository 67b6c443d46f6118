package dev.loadtest.engine.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * A runner's statistics: recorders that virtual users write to without locks, and a sampler that
 * closes an interval every {@code intervalMs}, appending it to the time series and adding it to the
 * totals. Totals are the sum of the intervals, so the two always agree.
 */
public final class StatsCollector {
    private final Map<String, EndpointRecorder> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final Map<String, long[]> lastCounters = new ConcurrentHashMap<>();
    private final LongAdder iterations = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger peakUsers = new java.util.concurrent.atomic.AtomicInteger();
    private final RunSnapshot snapshot = new RunSnapshot();
    private IntSupplier activeUsers = () -> 0;
    private long lastIterations;
    private long lastDropped;
    private long lastChecksPassed;
    private long lastChecksFailed;
    private int nextIndex;

    public StatsCollector(String name, long intervalMs) {
        snapshot.name = name;
        snapshot.intervalMs = intervalMs;
    }

    public void start(long startEpochMs, IntSupplier activeUsers) {
        snapshot.startEpochMs = startEpochMs;
        this.activeUsers = activeUsers;
    }

    public long intervalMs() {
        return snapshot.intervalMs;
    }

    public EndpointRecorder endpoint(String name) {
        return endpoints.computeIfAbsent(name, EndpointRecorder::new);
    }

    /** A counter of one check on one endpoint, registered up front so it shows even if never run. */
    public Check check(String endpoint, String description) {
        return checks.computeIfAbsent(endpoint + " › " + description, k -> new Check(endpoint, description));
    }

    /** Called as users start, so the peak is exact even when it lasts less than an interval. */
    public void usersNow(int active) {
        peakUsers.accumulateAndGet(active, Math::max);
    }

    public void iterationDone() {
        iterations.increment();
    }

    public void iterationDropped() {
        dropped.increment();
    }

    /**
     * Closes the current interval at {@code elapsedMs} since start. Called by one thread (the
     * sampler, then once more after the last user stopped); returns the interval just closed.
     */
    public synchronized IntervalStats sample(long elapsedMs) {
        IntervalStats interval = new IntervalStats();
        interval.index = nextIndex++;
        int users = activeUsers.getAsInt();
        interval.users = users;
        snapshot.maxUsers = Math.max(snapshot.maxUsers, users);
        for (EndpointRecorder r : endpoints.values()) {
            long[] now = r.counters();
            long[] before = lastCounters.getOrDefault(r.name(), new long[now.length]);
            long[] delta = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                delta[i] = now[i] - before[i];
            }
            lastCounters.put(r.name(), now);
            Histogram h = r.takeInterval();
            EndpointStats s = new EndpointStats(delta, h);
            if (s.requests() > 0 || h.getTotalCount() > 0) {
                snapshot.totals
                        .computeIfAbsent(r.name(), n -> new EndpointStats())
                        .addAll(s);
                interval.endpoints.put(r.name(), s.compact()); // kept compressed: long runs have many
            }
            r.recycle(h);
        }
        long it = iterations.sum();
        long dr = dropped.sum();
        interval.iterations = it - lastIterations;
        interval.dropped = dr - lastDropped;
        lastIterations = it;
        lastDropped = dr;
        long passed = 0;
        long failed = 0;
        for (Check c : checks.values()) {
            passed += c.passed.sum();
            failed += c.failed.sum();
        }
        interval.checksPassed = passed - lastChecksPassed;
        interval.checksFailed = failed - lastChecksFailed;
        lastChecksPassed = passed;
        lastChecksFailed = failed;
        snapshot.iterations = it;
        snapshot.dropped = dr;
        snapshot.elapsedMs = elapsedMs;
        snapshot.intervals.add(interval);
        return interval;
    }

    /** All endpoints' totals so far, summed into a fresh value. */
    public synchronized EndpointStats snapshotTotals() {
        EndpointStats all = new EndpointStats();
        snapshot.totals.values().forEach(all::addAll);
        return all;
    }

    /** A copy of everything so far: totals, checks and the time series (histograms compressed). */
    public synchronized RunSnapshot snapshot() {
        RunSnapshot copy = new RunSnapshot();
        copy.name = snapshot.name;
        copy.startEpochMs = snapshot.startEpochMs;
        copy.intervalMs = snapshot.intervalMs;
        copy.elapsedMs = snapshot.elapsedMs;
        copy.maxUsers = Math.max(snapshot.maxUsers, peakUsers.get());
        copy.iterations = snapshot.iterations;
        copy.dropped = snapshot.dropped;
        snapshot.totals.forEach((k, v) -> copy.totals.put(k, v.copy().compact()));
        List<CheckStats> cs = new ArrayList<>();
        checks.values().forEach(c -> cs.add(new CheckStats(c.endpoint, c.description, c.passed.sum(), c.failed.sum())));
        cs.sort(java.util.Comparator.comparing(CheckStats::key));
        copy.checks = cs;
        copy.intervals = new ArrayList<>(snapshot.intervals);
        return copy;
    }

    /** Passes and failures of one check. */
    public static final class Check {
        final String endpoint;
        final String description;
        final LongAdder passed = new LongAdder();
        final LongAdder failed = new LongAdder();

        Check(String endpoint, String description) {
            this.endpoint = endpoint;
            this.description = description;
        }

        public void record(boolean ok) {
            (ok ? passed : failed).increment();
        }
    }
}
