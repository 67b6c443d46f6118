package dev.loadtest.engine.stats;

import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A histogram as its non-empty buckets only: varint pairs (bucket value minus the previous one,
 * count). Exact (each bucket's value maps back to the same bucket of the shared {@link Latencies}
 * configuration) and cheap to add into an accumulator without building an intermediate histogram,
 * which is what makes merging 1,000 runners' time series fast. A run's file is compressed as a whole.
 */
public final class SparseHistograms {
    private SparseHistograms() {}

    public static byte[] encode(Histogram h) {
        byte[] out = new byte[64];
        int pos = 0;
        long previous = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            long value = v.getValueIteratedTo();
            if (out.length - pos < 20) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            pos = writeVarLong(out, pos, value - previous);
            pos = writeVarLong(out, pos, v.getCountAtValueIteratedTo());
            previous = value;
        }
        return Arrays.copyOf(out, pos);
    }

    /** Receives decoded buckets. */
    @FunctionalInterface
    interface BucketSink {
        void bucket(long value, long count);
    }

    /** Adds the encoded counts into {@code target} (same configuration). */
    public static void addTo(byte[] encoded, Histogram target) {
        decode(encoded, target::recordValueWithCount);
    }

    /** Walks the encoded buckets in order. */
    static void decode(byte[] encoded, BucketSink sink) {
        int pos = 0;
        long value = 0;
        while (pos < encoded.length) {
            long delta = 0;
            int shift = 0;
            byte b;
            do {
                b = encoded[pos++];
                delta |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            long count = 0;
            shift = 0;
            do {
                b = encoded[pos++];
                count |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            value += delta;
            sink.bucket(value, count);
        }
    }

    static int writeVarLong(byte[] out, int pos, long v) {
        while ((v & ~0x7fL) != 0) {
            out[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }
}
