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
        return LongStream.range(0, 25).mapToObj(i -> 0x5eedL * 31 + i * 7919);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mergedRunnersEqualOneRecorderThatSawEverything(long seed) throws Exception {
        Random rnd = new Random(seed);
        int runners = 1 + rnd.nextInt(12);
        int intervals = 1 + rnd.nextInt(6);
        StatsCollector everything = new StatsCollector("all", 1000);
        everything.start(1_000_000L, () -> 0);
        List<StatsCollector> parts = new ArrayList<>();
        for (int r = 0; r < runners; r++) {
            StatsCollector c = new StatsCollector("all", 1000);
            c.start(1_000_000L, () -> 0);
            parts.add(c);
        }
        for (int i = 0; i < intervals; i++) {
            for (StatsCollector c : parts) {
                int n = rnd.nextInt(400);
                for (int k = 0; k < n; k++) {
                    String endpoint = ENDPOINTS[rnd.nextInt(ENDPOINTS.length)];
                    long latency = latency(rnd);
                    Outcome outcome = Outcome.values()[rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(Outcome.values().length)];
                    long sent = rnd.nextInt(500);
                    long received = rnd.nextInt(5000);
                    c.endpoint(endpoint).record(latency, outcome, sent, received);
                    everything.endpoint(endpoint).record(latency, outcome, sent, received);
                    boolean ok = rnd.nextInt(20) > 0;
                    c.check(endpoint, "status is 200").record(ok);
                    everything.check(endpoint, "status is 200").record(ok);
                }
                c.sample((i + 1) * 1000L);
            }
            everything.sample((i + 1) * 1000L);
        }
        List<RunSnapshot> wire = new ArrayList<>();
        RunSnapshot.Merger binary = new RunSnapshot.Merger();
        for (StatsCollector c : parts) {
            wire.add(ResultsFile.fromBytes(ResultsFile.toBytes(c.snapshot()))); // through the JSON format
            binary.addWire(SnapshotWire.write(c.snapshot())); // through the binary one, decoded into the sums
        }
        RunSnapshot expected = everything.snapshot();
        sameAsOneRecorder(RunSnapshot.merge(wire), expected, runners, seed);
        sameAsOneRecorder(binary.result(), expected, runners, seed);
        sameAsOneRecorder(SnapshotWire.read(SnapshotWire.write(binary.result())), expected, runners, seed);
    }

    private static void sameAsOneRecorder(RunSnapshot merged, RunSnapshot expected, int runners, long seed) {

        assertThat(merged.runners).isEqualTo(runners);
        assertThat(merged.requests()).describedAs("seed %d", seed).isEqualTo(expected.requests());
        assertThat(merged.totals.keySet()).isEqualTo(expected.totals.keySet());
        for (String e : expected.totals.keySet()) {
            EndpointStats m = merged.totals.get(e);
            EndpointStats x = expected.totals.get(e);
            for (Outcome o : Outcome.values()) {
                assertThat(m.count(o)).describedAs("seed %d %s %s", seed, e, o).isEqualTo(x.count(o));
            }
            assertThat(m.bytesSent).isEqualTo(x.bytesSent);
            assertThat(m.bytesReceived).isEqualTo(x.bytesReceived);
            assertThat(m.clamped).isEqualTo(x.clamped);
            samePercentiles(m.latencies(), x.latencies(), "seed " + seed + " " + e);
        }
        samePercentiles(merged.overall().latencies(), expected.overall().latencies(), "seed " + seed + " overall");
        assertThat(merged.intervals).hasSameSizeAs(expected.intervals);
        for (int i = 0; i < expected.intervals.size(); i++) {
            IntervalStats m = merged.intervals.get(i);
            IntervalStats x = expected.intervals.get(i);
            assertThat(m.requests()).describedAs("seed %d interval %d", seed, i).isEqualTo(x.requests());
            assertThat(m.checksPassed).isEqualTo(x.checksPassed);
            for (String e : x.endpoints.keySet()) {
                samePercentiles(
                        m.endpoints.get(e).latencies(),
                        x.endpoints.get(e).latencies(),
                        "seed " + seed + " interval " + i + " " + e);
            }
        }
        assertThat(merged.checks)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(expected.checks);
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
