package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.engine.report.ResultsFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed binary bodies under a valid (recomputed) checksum: the kind a buggy or hostile runner
 * sends, which the checksum cannot catch. Each must be rejected with IllegalArgumentException and
 * leave the merge exactly as it was, and the merge must go on to give the same result as one that
 * never saw the body, also when the body came in the middle of a batch ({@link DeferredSums#BATCH}).
 */
class SnapshotWireMalformedTest {
    /** Writes a body field by field; {@link #seal} adds magic, configuration and the checksum. */
    static final class Out {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Out varint(long v) {
            while ((v & ~0x7fL) != 0) {
                b.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            b.write((int) v);
            return this;
        }

        Out zigzag(long v) {
            return varint((v << 1) ^ (v >> 63));
        }

        Out raw(int... bytes) {
            for (int x : bytes) {
                b.write(x);
            }
            return this;
        }

        Out string(String s) {
            if (s == null) {
                return varint(0);
            }
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            varint(u.length + 1L);
            b.writeBytes(u);
            return this;
        }

        Out counters(long success) {
            zigzag(success);
            for (int k = 1; k < EndpointStats.COUNTERS; k++) {
                zigzag(0);
            }
            return this;
        }

        /** A histogram of {@code n} buckets in {@code bytes} (declared length: bytes.length). */
        Out histogram(int n, int... bytes) {
            return histogramDeclared(n, bytes.length, bytes);
        }

        Out histogramDeclared(int n, int length, int... bytes) {
            varint(n);
            varint(length);
            return raw(bytes);
        }

        byte[] seal() {
            Out all = new Out().raw('L', 'T', 'S', 1);
            all.varint(Latencies.LOWEST_MICROS).varint(Latencies.HIGHEST_MICROS).varint(Latencies.DIGITS);
            all.b.writeBytes(b.toByteArray());
            CRC32C crc = new CRC32C();
            crc.update(all.b.toByteArray());
            int c = (int) crc.getValue();
            return all.raw(c >>> 24 & 0xff, c >>> 16 & 0xff, c >>> 8 & 0xff, c & 0xff)
                    .b
                    .toByteArray();
        }
    }

    /** Buckets 500 (count 1) and 600 (count 2): 5 bytes. */
    private static final int[] TWO_BUCKETS = {500 & 0xff, 500 >>> 8, 600 & 0xff, 600 >>> 8 | 0x80, 2};

    private static final Consumer<Out> HEADER = o -> o.zigzag(RunSnapshot.FORMAT)
            .string("t")
            .zigzag(1) // runners
            .zigzag(1_000_250L) // startEpochMs
            .zigzag(1000) // intervalMs
            .zigzag(2100) // elapsedMs
            .zigzag(3) // maxUsers
            .zigzag(10) // iterations
            .zigzag(1); // dropped
    private static final Consumer<Out> NAMES = o -> o.varint(2).string("a").string("b");
    private static final Consumer<Out> TOTALS =
            o -> o.varint(1).varint(0).counters(3).histogram(0).histogram(0);
    private static final Consumer<Out> INTERVALS_ONLY = o -> o.varint(0);
    private static final Consumer<Out> CHECKS =
            o -> o.varint(1).string("a").string("ok").zigzag(2).zigzag(1);
    private static final Consumer<Out> INTERVALS = o -> {
        o.varint(2);
        o.zigzag(0).zigzag(3).zigzag(5).zigzag(1).zigzag(2).zigzag(1);
        o.varint(2);
        o.varint(0).counters(3).histogram(2, TWO_BUCKETS);
        o.varint(1).counters(1).histogram(1, 500 & 0xff, 500 >>> 8);
        o.zigzag(1).zigzag(2).zigzag(5).zigzag(0).zigzag(0).zigzag(0);
        o.varint(1);
        o.varint(1).counters(1).histogram(1, 700 & 0xff, 700 >>> 8); // last histogram: the checksum follows
    };

    /** A body with the default sections except those given (header, names, totals, intervals only, checks, intervals). */
    private static byte[] body(
            Consumer<Out> header,
            Consumer<Out> names,
            Consumer<Out> totals,
            Consumer<Out> intervalsOnly,
            Consumer<Out> checks,
            Consumer<Out> intervals) {
        Out o = new Out();
        header.accept(o);
        names.accept(o);
        totals.accept(o);
        intervalsOnly.accept(o);
        checks.accept(o);
        intervals.accept(o);
        return o.seal();
    }

    private static byte[] wellFormed() {
        return body(HEADER, NAMES, TOTALS, INTERVALS_ONLY, CHECKS, INTERVALS);
    }

    private static byte[] withHeader(Consumer<Out> h) {
        return body(h, NAMES, TOTALS, INTERVALS_ONLY, CHECKS, INTERVALS);
    }

    private static byte[] withNames(Consumer<Out> n) {
        return body(HEADER, n, TOTALS, INTERVALS_ONLY, CHECKS, INTERVALS);
    }

    private static byte[] withTotals(Consumer<Out> t) {
        return body(HEADER, NAMES, t, INTERVALS_ONLY, CHECKS, INTERVALS);
    }

    private static byte[] withIntervalsOnly(Consumer<Out> i) {
        return body(HEADER, NAMES, TOTALS, i, CHECKS, INTERVALS);
    }

    /** The default intervals, the last histogram (endpoint b's in interval 1) replaced by {@code h}. */
    private static byte[] withLastHistogram(Consumer<Out> h) {
        return body(HEADER, NAMES, TOTALS, INTERVALS_ONLY, CHECKS, o -> {
            o.varint(2);
            o.zigzag(0).zigzag(3).zigzag(5).zigzag(1).zigzag(2).zigzag(1);
            o.varint(2);
            o.varint(0).counters(3).histogram(2, TWO_BUCKETS);
            o.varint(1).counters(1).histogram(1, 500 & 0xff, 500 >>> 8);
            o.zigzag(1).zigzag(2).zigzag(5).zigzag(0).zigzag(0).zigzag(0);
            o.varint(1);
            o.varint(1).counters(1);
            h.accept(o);
        });
    }

    /** A header with {@code field} (0: format … 8: dropped) written as the raw bytes given. */
    private static Consumer<Out> headerWith(int field, int... raw) {
        long[] values = {RunSnapshot.FORMAT, 0, 1, 1_000_250L, 1000, 2100, 3, 10, 1};
        return o -> {
            for (int f = 0; f < values.length; f++) {
                if (f == field) {
                    o.raw(raw);
                } else if (f == 1) {
                    o.string("t");
                } else {
                    o.zigzag(values[f]);
                }
            }
        };
    }

    private static int[] varintBytes(long v) {
        Out o = new Out().varint(v);
        byte[] b = o.b.toByteArray();
        int[] out = new int[b.length];
        for (int k = 0; k < b.length; k++) {
            out[k] = b[k] & 0xff;
        }
        return out;
    }

    static Stream<Arguments> malformed() {
        int count = Buckets.COUNT;
        return Stream.of(
                Arguments.of(
                        "bucket index beyond the histogram",
                        withLastHistogram(o -> o.histogram(1, count & 0xff, count >>> 8))),
                Arguments.of(
                        "bucket count zero", withLastHistogram(o -> o.histogram(1, 700 & 0xff, 700 >>> 8 | 0x80, 0))),
                Arguments.of(
                        "bucket count beyond 2^48",
                        withLastHistogram(o -> o.histogram(
                                1, 700 & 0xff, 700 >>> 8 | 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))),
                Arguments.of(
                        "buckets running past the histogram's declared length",
                        withLastHistogram(o -> o.histogramDeclared(1, 2, 700 & 0xff, 700 >>> 8 | 0x80))),
                Arguments.of(
                        "declared length longer than the buckets",
                        withLastHistogram(o -> o.histogram(1, 700 & 0xff, 700 >>> 8, 0, 0))),
                Arguments.of("more buckets than bytes", withLastHistogram(o -> o.histogram(3, 700 & 0xff, 700 >>> 8))),
                Arguments.of("negative count of names", withNames(o -> o.varint(-1))),
                Arguments.of(
                        "negative length of a name", withNames(o -> o.varint(1).varint(-1))),
                Arguments.of(
                        "a null endpoint name",
                        withNames(o -> o.varint(2).string("a").string(null))),
                Arguments.of(
                        "an endpoint name twice",
                        withNames(o -> o.varint(2).string("a").string("a"))),
                Arguments.of(
                        "a negative endpoint number",
                        withTotals(o ->
                                o.varint(1).varint(-1).counters(3).histogram(0).histogram(0))),
                Arguments.of(
                        "an endpoint twice in the totals",
                        withTotals(o -> o.varint(2)
                                .varint(0)
                                .counters(3)
                                .histogram(0)
                                .histogram(0)
                                .varint(0)
                                .counters(3)
                                .histogram(0)
                                .histogram(0))),
                Arguments.of(
                        "an endpoint in the totals and in intervals only",
                        withIntervalsOnly(o -> o.varint(1).varint(0).histogram(0))),
                Arguments.of(
                        "taking away more latencies than the intervals hold",
                        withIntervalsOnly(o -> o.varint(1).varint(1).histogram(1, 500 & 0xff, 500 >>> 8 | 0x80, 5))),
                Arguments.of("an int out of range", withHeader(headerWith(6, varintBytes(1L << 41)))),
                Arguments.of(
                        "an overlong number (bits beyond 64)",
                        withHeader(headerWith(5, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f))),
                Arguments.of(
                        "a number of eleven bytes",
                        withHeader(headerWith(5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))),
                Arguments.of("another interval length", withHeader(headerWith(4, varintBytes(500 << 1)))),
                Arguments.of(
                        "bytes left over after the intervals",
                        body(HEADER, NAMES, TOTALS, INTERVALS_ONLY, CHECKS, o -> {
                            INTERVALS.accept(o);
                            o.raw(0);
                        })));
    }

    private static List<byte[]> runners(int n) {
        List<byte[]> out = new ArrayList<>();
        Random rnd = new Random(11);
        for (int r = 0; r < n; r++) {
            StatsCollector c = new StatsCollector("t", 1000);
            c.start(1_000_000L + rnd.nextInt(3000), () -> 2);
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 40; k++) {
                    String e = rnd.nextBoolean() ? "a" : "b";
                    c.endpoint(e).record(1 + rnd.nextInt(2_000_000), Outcome.SUCCESS, 1, 2);
                    c.check(e, "ok").record(rnd.nextBoolean());
                }
                c.iterationDone();
                c.sample((i + 1) * 1000L);
            }
            out.add(SnapshotWire.write(c.snapshot()));
        }
        out.add(3, wellFormed()); // one built here, to show that the bodies built here are taken
        return out;
    }

    private static byte[] bytes(RunSnapshot s) throws Exception {
        return ResultsFile.toBytes(s);
    }

    @Test
    void theBodiesBuiltHereAreWellFormed() {
        RunSnapshot s = SnapshotWire.read(wellFormed());
        assertThat(s.totals.get("a").success).isEqualTo(3);
        assertThat(s.totals.get("a").latencies().getTotalCount()).isEqualTo(3); // its intervals', as nothing differs
        assertThat(s.intervals).hasSize(2);
        assertThat(s.intervals.get(1).endpoints.get("b").latencies().getTotalCount())
                .isEqualTo(1);
        RunSnapshot merged = new RunSnapshot.Merger().addWire(wellFormed()).result();
        assertThat(merged.totals.get("a").latencies().getTotalCount()).isEqualTo(3);
        assertThat(merged.totals).containsOnlyKeys("a"); // b: in intervals only
        assertThat(merged.intervals.get(1).endpoints.get("b").latencies().getTotalCount())
                .isEqualTo(1);
        assertThat(merged.checks).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedBodyIsRejectedAndChangesNothing(String what, byte[] bad) throws Exception {
        List<byte[]> good = runners(2 * DeferredSums.BATCH + 3);
        RunSnapshot.Merger reference = new RunSnapshot.Merger();
        good.forEach(reference::addWire);
        byte[] expected = bytes(reference.result());

        // the merge as a whole, before and after: byte for byte
        RunSnapshot.Merger m = new RunSnapshot.Merger();
        for (byte[] w : good.subList(0, 5)) {
            m.addWire(w);
        }
        byte[] before = bytes(m.result());
        assertThatThrownBy(() -> m.addWire(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bytes(m.result())).isEqualTo(before);
        for (byte[] w : good.subList(5, good.size())) {
            m.addWire(w);
        }
        assertThat(bytes(m.result())).isEqualTo(expected);

        // in the middle of a batch (no result() in between), and a later flush
        RunSnapshot.Merger batch = new RunSnapshot.Merger();
        for (int k = 0; k < good.size(); k++) {
            batch.addWire(good.get(k));
            if (k == 6) {
                assertThatThrownBy(() -> batch.addWire(bad)).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(bytes(batch.result())).isEqualTo(expected);

        // nor does reading it build anything (the interval length is only wrong for a merge)
        if (!what.equals("another interval length")) {
            assertThatThrownBy(() -> SnapshotWire.read(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFlushThatThrowsLeavesNothingPending() {
        DeferredSums d = new DeferredSums();
        SparseAccumulator a = new SparseAccumulator();
        byte[] bad = {5}; // a bucket cut short (the whole-body check is bypassed here)
        d.add(a, d.body(bad), 0, 1);
        assertThatThrownBy(d::flush).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(d.holding()).isFalse();
        assertThat(a.pending).isEqualTo(-1);
        d.add(a, d.body(new byte[] {5, 0}), 0, 1);
        assertThatCode(d::flush).doesNotThrowAnyException();
        SparseAccumulator once = new SparseAccumulator();
        once.add(5, 1);
        assertThat(a.encode()).isEqualTo(once.encode());
    }

    @Test
    void indexedBucketsStayWithinTheirEnd() {
        byte[] in = {5, 0, 6, (byte) 0x80, 3, 7, 0};
        SparseAccumulator a = new SparseAccumulator();
        assertThat(a.addChecked(in, 0, 2)).isEqualTo(5);
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(in, 0, 4, 2)) // count past the end
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(in, 0, 5, 3)) // a bucket past the end
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(new byte[] {5, 0}, 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] negative = {5, (byte) 0x80, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}; // count -1 as a varint
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(negative, 0, negative.length, 1))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] overlong = {5, (byte) 0x80, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}; // 12 bytes
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(overlong, 0, overlong.length, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SparseAccumulator.checkIndexed(in, 0, 5, 2)).isEqualTo(4);
        // 2^48 - 1 latencies in one bucket, then one more in a bucket of one: more than a merge counts
        byte[] most = new byte[12];
        int end = SparseAccumulator.writeIndexed(most, 0, 5, SparseAccumulator.MAX_COUNT);
        end = SparseAccumulator.writeIndexed(most, end, 6, 1);
        assertThat(SparseAccumulator.checkIndexed(most, 0, end - 2, 1)).isEqualTo(SparseAccumulator.MAX_COUNT);
        int all = end;
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(most, 0, all, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^48");
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(in, 0, 7, 2)) // bytes left in the histogram
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** JSON leaves latencyMicros out for an endpoint without latencies; the merge takes that as none. */
    @Test
    void anEndpointWithoutLatenciesMerges() throws Exception {
        String json = "{\"format\":2,\"name\":\"n\",\"runners\":1,\"startEpochMs\":1000000,\"intervalMs\":1000,"
                + "\"elapsedMs\":1000,\"totals\":{\"empty\":{\"connectionError\":2}},"
                + "\"intervals\":[{\"index\":0,\"endpoints\":{\"empty\":{\"connectionError\":2}}}]}";
        RunSnapshot p = ResultsFile.fromBytes(json.getBytes(StandardCharsets.UTF_8));
        assertThat(p.totals.get("empty").latencyEncoded()).isNull();
        RunSnapshot viaJson = new RunSnapshot.Merger().add(p).add(p).result();
        assertThat(viaJson.totals.get("empty").connectionError).isEqualTo(4);
        assertThat(viaJson.totals.get("empty").latencies().getTotalCount()).isZero();
        assertThat(viaJson.intervals.get(0).endpoints.get("empty").connectionError)
                .isEqualTo(4);
        byte[] wire = SnapshotWire.write(p);
        RunSnapshot viaWire =
                new RunSnapshot.Merger().addWire(wire).addWire(wire).result();
        assertThat(bytes(viaWire)).isEqualTo(bytes(viaJson));
        assertThat(bytes(RunSnapshot.merge(List.of(p))))
                .isEqualTo(bytes(new RunSnapshot.Merger().addWire(wire).result()));
    }
}
