package dev.loadtest.engine.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/** Coarsens a time series by merging adjacent intervals; exact, since intervals add. */
public final class Resampling {
    private Resampling() {}

    /**
     * A copy whose intervals are merged into windows of {@code windowMs} counted from {@code
     * anchorEpochMs} (each interval goes to the window its middle falls in). Every runner of a run,
     * asked with the run's published start as the anchor, files its intervals into the same windows
     * whatever its own start, and a merge of them holds as many series as there are windows, however
     * long the run: what bounds the operator's final merge. Totals and checks unchanged. A window that
     * is not a whole number of intervals is not made: the snapshot is returned as it is.
     */
    public static RunSnapshot windows(RunSnapshot s, long anchorEpochMs, long windowMs) {
        if (windowMs <= 0 || s.intervalMs <= 0 || windowMs % s.intervalMs != 0) {
            return s;
        }
        if (s.startEpochMs <= 0) {
            // never started, so nothing measured; but its interval must be the window like every
            // other runner's, or the merge (which refuses mixed intervals) keeps whichever came first
            RunSnapshot c = s.header();
            c.intervalMs = windowMs;
            c.totals = s.totals;
            c.checks = s.checks;
            c.intervals = s.intervals;
            return c;
        }
        RunSnapshot c = s.header();
        c.intervalMs = windowMs;
        c.startEpochMs = anchorEpochMs;
        c.elapsedMs = Math.max(0, s.startEpochMs + s.elapsedMs - anchorEpochMs);
        c.totals = s.totals;
        c.checks = s.checks;
        c.intervals = merged(s, i -> {
            long middle = s.startEpochMs + i.index * s.intervalMs + s.intervalMs / 2 - anchorEpochMs;
            return (int) Math.max(0, Math.floorDiv(middle, windowMs));
        });
        return c;
    }

    /** A copy whose intervals are {@code factor} times longer; totals and checks unchanged. */
    public static RunSnapshot coarsen(RunSnapshot s, int factor) {
        RunSnapshot c = s.header();
        c.intervalMs = s.intervalMs * factor;
        c.totals = s.totals;
        c.checks = s.checks;
        c.intervals = merged(s, i -> i.index / factor);
        return c;
    }

    /** The snapshot's intervals added up by the new index each one gets, in index order. */
    private static List<IntervalStats> merged(RunSnapshot s, ToIntFunction<IntervalStats> newIndex) {
        TreeMap<Integer, IntervalStats> merged = new TreeMap<>();
        for (IntervalStats i : s.intervals) {
            IntervalStats into = merged.computeIfAbsent(newIndex.applyAsInt(i), k -> {
                IntervalStats fresh = new IntervalStats();
                fresh.index = k;
                return fresh;
            });
            int users = Math.max(into.users, i.users); // users is a level, not a sum over time
            into.addAll(i);
            into.users = users;
        }
        return new ArrayList<>(merged.values());
    }
}
