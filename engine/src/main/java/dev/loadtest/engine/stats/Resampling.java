package dev.loadtest.engine.stats;

import java.util.ArrayList;
import java.util.TreeMap;

/** Coarsens a time series by merging adjacent intervals; exact, since intervals add. */
public final class Resampling {
    private Resampling() {}

    /** A copy whose intervals are {@code factor} times longer; totals and checks unchanged. */
    public static RunSnapshot coarsen(RunSnapshot s, int factor) {
        RunSnapshot c = s.header();
        c.intervalMs = s.intervalMs * factor;
        c.totals = s.totals;
        c.checks = s.checks;
        TreeMap<Integer, IntervalStats> merged = new TreeMap<>();
        for (IntervalStats i : s.intervals) {
            IntervalStats into = merged.computeIfAbsent(i.index / factor, k -> {
                IntervalStats fresh = new IntervalStats();
                fresh.index = k;
                return fresh;
            });
            int users = Math.max(into.users, i.users); // users is a level, not a sum over time
            into.addAll(i);
            into.users = users;
        }
        c.intervals = new ArrayList<>(merged.values());
        return c;
    }
}
