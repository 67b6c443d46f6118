package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.engine.report.ResultsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: merging the serialised snapshots of N runners (JSON, or the binary wire format
 * decoded straight into the merge) gives exactly the counts and percentiles
 * of one recorder that saw every request. Seeded random inputs; the seed is in the test name.
 */
class SnapshotMergePropertyTest {
    private static final double[] PERCENTILES = {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};
    private static final String[] ENDPOINTS = {"login", "simple-query", "complex-query", "upload"};

    static Stream<Long> seeds() {
        return LongStream.range(0, 12).mapToObj(i -> 0x5eedL * 31 + i * 7919);
    }

    /**
     * More runners than a batch of {@link DeferredSums} (so batches flush in the middle of the
     * merge), each started at its own time off the interval boundaries (within 0.4 intervals of
     * one, so the nearest boundary is clear) and running its own number of intervals, with users,
     * iterations, dropped iterations, checks and every outcome. The oracle is one StatsCollector
     * that recorded every request, iteration and check in the interval the merge should put it in,
     * with the merged header figures worked out here: the earliest start, the latest end minus it,
     * and the runners' peaks summed (what a merge of runners reports as its peak).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mergedRunnersEqualOneRecorderThatSawEverything(long seed) throws Exception {
        Random rnd = new Random(seed);
        int runners = DeferredSums.BATCH * 2 + 1 + rnd.nextInt(DeferredSums.BATCH); // 33-48
        long intervalMs = 1000;
        int[] offset = new int[runners]; // the interval of the merge each runner's first one is
        int[] length = new int[runners];
        long[] start = new long[runners];
        int[] users = new int[runners];
        int[] peak = new int[runners];
        int slots = 0;
        for (int r = 0; r < runners; r++) {
            offset[r] = r == 0 ? 0 : rnd.nextInt(3);
            length[r] = r == 0 ? 6 : 1 + rnd.nextInt(6 - offset[r]); // runner 0 covers all: no empty slot
            int skew = 1 + rnd.nextInt(400); // off the boundary, never on it
            start[r] = 1_000_000L + offset[r] * intervalMs + (rnd.nextBoolean() ? skew : -skew);
            slots = Math.max(slots, offset[r] + length[r]);
        }
        long firstStart = java.util.Arrays.stream(start).min().orElseThrow();
        long lastEnd = 0;
        int[] active = {0};
        StatsCollector everything = new StatsCollector("all", intervalMs);
        everything.start(firstStart, () -> active[0]);
        List<StatsCollector> parts = new ArrayList<>();
        for (int r = 0; r < runners; r++) {
            StatsCollector c = new StatsCollector("all", intervalMs);
            int me = r;
            c.start(start[r], () -> users[me]);
            parts.add(c);
        }
        long[] elapsed = new long[runners];
        for (int slot = 0; slot < slots; slot++) {
            active[0] = 0;
            for (int r = 0; r < runners; r++) {
                int i = slot - offset[r];
                if (i < 0 || i >= length[r]) {
                    continue;
                }
                StatsCollector c = parts.get(r);
                users[r] = rnd.nextInt(50);
                peak[r] = Math.max(peak[r], users[r] + rnd.nextInt(5)); // a peak between samples
                c.usersNow(peak[r]);
                active[0] += users[r];
                int n = rnd.nextInt(150);
                for (int k = 0; k < n; k++) {
                    String endpoint = ENDPOINTS[rnd.nextInt(r % 3 == 0 ? 2 : ENDPOINTS.length)];
                    long latency = latency(rnd);
                    Outcome outcome = Outcome.values()[rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(Outcome.values().length)];
                    long sent = rnd.nextInt(500);
                    long received = rnd.nextInt(5000);
                    c.endpoint(endpoint).record(latency, outcome, sent, received);
                    everything.endpoint(endpoint).record(latency, outcome, sent, received);
                    boolean ok = rnd.nextInt(5) > 0;
                    c.check(endpoint, "status is 200").record(ok);
                    everything.check(endpoint, "status is 200").record(ok);
                }
                for (int k = rnd.nextInt(20); k > 0; k--) {
                    c.iterationDone();
                    everything.iterationDone();
                }
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    c.iterationDropped();
                    everything.iterationDropped();
                }
                elapsed[r] = (i + 1) * intervalMs - rnd.nextInt(300); // the last request ended a bit before
                c.sample(elapsed[r]);
                lastEnd = Math.max(lastEnd, start[r] + elapsed[r]);
            }
            everything.sample(lastEnd - firstStart);
        }
        everything.usersNow(java.util.Arrays.stream(peak).sum());
        List<RunSnapshot> wire = new ArrayList<>();
        RunSnapshot.Merger binary = new RunSnapshot.Merger();
        RunSnapshot.Merger mixed = new RunSnapshot.Merger();
        for (int r = 0; r < runners; r++) {
            RunSnapshot s = parts.get(r).snapshot();
            wire.add(ResultsFile.fromBytes(ResultsFile.toBytes(s))); // through the JSON format
            binary.addWire(SnapshotWire.write(s)); // through the binary one, decoded into the sums
            if (r % 5 == 0) {
                mixed.add(ResultsFile.fromBytes(ResultsFile.toBytes(s))); // an older runner among new ones
            } else {
                mixed.addWire(SnapshotWire.write(s));
            }
        }
        RunSnapshot expected = everything.snapshot();
        assertThat(expected.maxUsers).isEqualTo(java.util.Arrays.stream(peak).sum());
        assertThat(expected.elapsedMs).isEqualTo(lastEnd - firstStart);
        assertThat(expected.intervals).hasSize(slots);
        sameAsOneRecorder(RunSnapshot.merge(wire), expected, runners, seed);
        sameAsOneRecorder(binary.result(), expected, runners, seed);
        sameAsOneRecorder(mixed.result(), expected, runners, seed);
        sameAsOneRecorder(SnapshotWire.read(SnapshotWire.write(binary.result())), expected, runners, seed);
    }

    private static void sameAsOneRecorder(RunSnapshot merged, RunSnapshot expected, int runners, long seed) {
        assertThat(merged.runners).isEqualTo(runners);
        assertThat(merged.name).isEqualTo(expected.name);
        assertThat(merged.intervalMs).isEqualTo(expected.intervalMs);
        assertThat(merged.startEpochMs).describedAs("seed %d start", seed).isEqualTo(expected.startEpochMs);
        assertThat(merged.elapsedMs).describedAs("seed %d elapsed", seed).isEqualTo(expected.elapsedMs);
        assertThat(merged.maxUsers).describedAs("seed %d maxUsers", seed).isEqualTo(expected.maxUsers);
        assertThat(merged.iterations).describedAs("seed %d iterations", seed).isEqualTo(expected.iterations);
        assertThat(merged.dropped).describedAs("seed %d dropped", seed).isEqualTo(expected.dropped);
        assertThat(merged.iterations).isPositive();
        assertThat(merged.dropped).isPositive();
        assertThat(merged.requests()).describedAs("seed %d", seed).isEqualTo(expected.requests());
        assertThat(merged.totals.keySet()).isEqualTo(expected.totals.keySet());
        for (String e : expected.totals.keySet()) {
            sameFigures(merged.totals.get(e), expected.totals.get(e), "seed " + seed + " " + e);
        }
        samePercentiles(merged.overall().latencies(), expected.overall().latencies(), "seed " + seed + " overall");
        assertThat(merged.intervals).hasSameSizeAs(expected.intervals);
        for (int i = 0; i < expected.intervals.size(); i++) {
            IntervalStats m = merged.intervals.get(i);
            IntervalStats x = expected.intervals.get(i);
            String what = "seed " + seed + " interval " + i;
            assertThat(m.index).describedAs(what).isEqualTo(x.index);
            assertThat(m.users).describedAs(what + " users").isEqualTo(x.users);
            assertThat(m.iterations).describedAs(what + " iterations").isEqualTo(x.iterations);
            assertThat(m.dropped).describedAs(what + " dropped").isEqualTo(x.dropped);
            assertThat(m.checksPassed).describedAs(what + " checks passed").isEqualTo(x.checksPassed);
            assertThat(m.checksFailed).describedAs(what + " checks failed").isEqualTo(x.checksFailed);
            assertThat(m.requests()).describedAs(what).isEqualTo(x.requests());
            assertThat(m.endpoints.keySet()).describedAs(what).isEqualTo(x.endpoints.keySet());
            for (String e : x.endpoints.keySet()) {
                sameFigures(m.endpoints.get(e), x.endpoints.get(e), what + " " + e);
            }
        }
        assertThat(merged.checks)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(expected.checks);
        assertThat(merged.checks.stream().mapToLong(c -> c.failed).sum()).isPositive();
    }

    private static void sameFigures(EndpointStats m, EndpointStats x, String what) {
        for (Outcome o : Outcome.values()) {
            assertThat(m.count(o)).describedAs("%s %s", what, o).isEqualTo(x.count(o));
        }
        assertThat(m.bytesSent).describedAs(what).isEqualTo(x.bytesSent);
        assertThat(m.bytesReceived).describedAs(what).isEqualTo(x.bytesReceived);
        assertThat(m.clamped).describedAs(what).isEqualTo(x.clamped);
        samePercentiles(m.latencies(), x.latencies(), what);
    }

    /** Mostly 1-500 ms, a tail to 30 s, and now and then beyond the 1 h range (clamped). */
    private static long latency(Random rnd) {
        int pick = rnd.nextInt(1000);
        if (pick == 0) {
            return 4_000_000_000L + rnd.nextInt(1_000_000);
        }
        if (pick < 50) {
            return 1 + (long) rnd.nextInt(30_000_000);
        }
        return 1000 + (long) (Math.exp(rnd.nextGaussian() * 0.8) * 40_000);
    }

    private static void samePercentiles(Histogram merged, Histogram expected, String what) {
        assertThat(merged.getTotalCount()).describedAs(what).isEqualTo(expected.getTotalCount());
        for (double p : PERCENTILES) {
            assertThat(merged.getValueAtPercentile(p))
                    .describedAs("%s p%s", what, p)
                    .isEqualTo(expected.getValueAtPercentile(p));
        }
        assertThat(merged.getMaxValue()).isEqualTo(expected.getMaxValue());
        assertThat(merged.getMinValue()).isEqualTo(expected.getMinValue());
        assertThat(merged.getMean()).isEqualTo(expected.getMean());
        assertThat(merged).isEqualTo(expected);
    }
}
