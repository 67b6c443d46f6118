package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.engine.report.ResultsFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotWireTest {
    private static RunSnapshot sample(long seed, long start) {
        Random rnd = new Random(seed);
        StatsCollector c = new StatsCollector("wire", 1000);
        c.start(start, () -> 3);
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 300; k++) {
                String e = "endpoint-" + rnd.nextInt(4) + (k % 7 == 0 ? " ünïcode" : "");
                c.endpoint(e)
                        .record(
                                1 + (long) (Math.exp(rnd.nextGaussian() * 2) * 10_000),
                                Outcome.values()[rnd.nextInt(Outcome.values().length)],
                                rnd.nextInt(1000),
                                rnd.nextInt(100_000));
                c.check(e, "ok").record(rnd.nextBoolean());
            }
            if (i == 2) {
                c.endpoint("late").record(5_000_000_000L, Outcome.TIMEOUT, 1, 0); // clamped
            }
            c.sample(start + (i + 1) * 1000L);
        }
        return c.snapshot();
    }

    @Test
    void roundTripsToWhatJsonGives() throws Exception {
        RunSnapshot s = sample(1, 1_000_000L);
        byte[] wire = SnapshotWire.write(s);
        byte[] json = ResultsFile.toBytes(s);
        assertThat(wire.length).isLessThan(json.length / 3);
        assertThat(ResultsFile.toBytes(SnapshotWire.read(wire))).isEqualTo(json);
    }

    @Test
    void mergingFromTheWireEqualsMergingDecodedSnapshots() throws Exception {
        RunSnapshot a = sample(2, 1_000_000L);
        RunSnapshot b = sample(3, 1_002_000L); // started two intervals later
        RunSnapshot fromJson = new RunSnapshot.Merger()
                .add(ResultsFile.fromBytes(ResultsFile.toBytes(a)))
                .add(ResultsFile.fromBytes(ResultsFile.toBytes(b)))
                .result();
        RunSnapshot fromWire = new RunSnapshot.Merger()
                .addWire(SnapshotWire.write(a))
                .add(SnapshotWire.read(SnapshotWire.write(b))) // mixed, as with runners of an older image
                .result();
        assertThat(ResultsFile.toBytes(fromWire)).isEqualTo(ResultsFile.toBytes(fromJson));
        assertThat(fromWire.intervals).hasSize(7);
    }

    @Test
    void aDamagedBodyIsRejectedBeforeAnythingIsAdded() {
        byte[] wire = SnapshotWire.write(sample(4, 1_000_000L));
        RunSnapshot.Merger m = new RunSnapshot.Merger().addWire(wire);
        String before = m.result().requests() + "/" + m.result().runners;
        byte[] flipped = wire.clone();
        flipped[wire.length / 2] ^= 0x10;
        assertThatThrownBy(() -> m.addWire(flipped)).hasMessageContaining("checksum");
        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 100);
        assertThatThrownBy(() -> m.addWire(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.addWire("{\"format\":2}".getBytes())).hasMessageContaining("not a snapshot");
        assertThat(m.result().requests() + "/" + m.result().runners).isEqualTo(before);
    }

    /**
     * Totals travel as their difference from the intervals' sum: exact also when they are not that
     * sum (totals-only answers, endpoints in intervals only, intervals dropped), whether merged from
     * the wire or from JSON. The oracle adds the totals' histograms directly.
     */
    @Test
    void totalsThatAreNotTheSumOfTheIntervalsStayExact() throws Exception {
        RunSnapshot totalsOnly = sample(5, 1_000_000L).header();
        totalsOnly.totals = sample(5, 1_000_000L).totals; // as /snapshot?totals=true answers
        RunSnapshot intervalsOnly = sample(6, 1_000_000L);
        intervalsOnly.totals.remove("endpoint-1");
        RunSnapshot fewerIntervals = sample(7, 1_001_000L);
        fewerIntervals.intervals.remove(0);
        java.util.List<RunSnapshot> parts = java.util.List.of(totalsOnly, intervalsOnly, fewerIntervals);
        RunSnapshot.Merger wire = new RunSnapshot.Merger();
        RunSnapshot.Merger json = new RunSnapshot.Merger();
        java.util.Map<String, org.HdrHistogram.Histogram> expected = new java.util.TreeMap<>();
        for (RunSnapshot p : parts) {
            RunSnapshot back = SnapshotWire.read(SnapshotWire.write(p));
            assertThat(ResultsFile.toBytes(back)).isEqualTo(ResultsFile.toBytes(p));
            wire.addWire(SnapshotWire.write(p));
            json.add(ResultsFile.fromBytes(ResultsFile.toBytes(p)));
            p.totals.forEach((name, e) -> expected.computeIfAbsent(name, n -> Latencies.newHistogram())
                    .add(e.latencies()));
        }
        for (RunSnapshot merged : java.util.List.of(wire.result(), json.result())) {
            assertThat(merged.totals.keySet()).isEqualTo(expected.keySet());
            expected.forEach(
                    (name, h) -> assertThat(merged.totals.get(name).latencies()).isEqualTo(h));
            assertThat(SnapshotWire.read(SnapshotWire.write(merged))
                            .totals
                            .get("endpoint-1")
                            .latencies())
                    .isEqualTo(expected.get("endpoint-1"));
        }
        assertThat(ResultsFile.toBytes(wire.result())).isEqualTo(ResultsFile.toBytes(json.result()));
    }
}
