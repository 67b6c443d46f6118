package dev.loadtest.engine.stats;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
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

    /** Compressed, base64: a few hundred bytes for a typical interval. */
    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    public static Histogram decode(String base64) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), HIGHEST_MICROS);
            if (h.getHighestTrackableValue() < HIGHEST_MICROS || h.getNumberOfSignificantValueDigits() != DIGITS) {
                Histogram same = newHistogram();
                same.add(h);
                return same;
            }
            return h;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt histogram in results: " + e.getMessage(), e);
        }
    }
}
