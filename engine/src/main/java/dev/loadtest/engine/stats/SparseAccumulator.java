package dev.loadtest.engine.stats;

import java.util.Arrays;

/**
 * Sums sparse-encoded histograms (see {@link SparseHistograms}) in an open-addressing map from
 * bucket value to count: constant time per bucket, memory proportional to the buckets used. This is
 * how the time series of many runners is merged without a 188 KB histogram per interval and endpoint.
 */
final class SparseAccumulator {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys = new long[64];
    private long[] counts = new long[64];
    private int size;

    SparseAccumulator() {
        Arrays.fill(keys, EMPTY);
    }

    void add(byte[] encoded) {
        if (encoded != null) {
            SparseHistograms.decode(encoded, this::put);
        }
    }

    private void put(long key, long count) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                counts[i] += count;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                counts[i] = count;
                size++;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldCounts[i]);
            }
        }
    }

    private static long mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return k ^ (k >>> 32);
    }

    /** The sum, sparse-encoded in bucket order. */
    byte[] encode() {
        long[] present = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                present[n++] = k;
            }
        }
        Arrays.sort(present);
        byte[] out = new byte[Math.max(16, size * 6)];
        int pos = 0;
        long previous = 0;
        for (long key : present) {
            long count = counts[slot(key)];
            if (out.length - pos < 20) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            pos = SparseHistograms.writeVarLong(out, pos, key - previous);
            pos = SparseHistograms.writeVarLong(out, pos, count);
            previous = key;
        }
        return Arrays.copyOf(out, pos);
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
