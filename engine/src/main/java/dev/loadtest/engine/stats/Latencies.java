package dev.loadtest.engine.stats;

import org.HdrHistogram.Histogram;

/**
 * The one histogram configuration every recorder, snapshot and merge uses: microseconds, 1 µs to 1
 * hour, 3 significant digits. Same configuration everywhere is what makes merging exact.
 */
public final class Latencies {
    public static final long LOWEST_MICROS = 1;
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    public static final int DIGITS = 3;

    private Latencies() {}

    public static Histogram newHistogram() {
        return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
    }
}
