package dev.loadtest.engine.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sums histograms bucket by bucket in an open-addressing table of packed longs: the bucket index
 * ({@link Buckets}, plus one, 15 bits) in the high bits, its count (48 bits) in the low ones, so one probe is
 * one array read and nothing is boxed. Constant time per bucket, memory proportional to the buckets
 * used (16 bytes per bucket at most), not to the histogram's range: this is how the time series of
 * many runners is merged without a 188 KB histogram per interval and endpoint. Exact: same buckets.
 */
final class SparseAccumulator {
    private static final int KEY_SHIFT = 48;
    private static final long COUNT_MASK = (1L << KEY_SHIFT) - 1;
    /** The most latencies one bucket holds (48 bits). */
    static final long MAX_COUNT = COUNT_MASK;

    /** Four buckets of the wire format at once: eight bytes, little-endian. */
    private static final VarHandle FOUR = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The top bit of each of four two-byte buckets: set, a varint count follows. */
    private static final long TOPS = 0x8000_8000_8000_8000L;
    /**
     * Added to four buckets whose top bits are clear, sets the top bit of those whose index is no
     * bucket ({@link Buckets#COUNT} or more) and carries into no other (Buckets.COUNT is below 2^15).
     */
    private static final long PAST_LAST = (0x8000L - Buckets.COUNT) * 0x0001_0001_0001_0001L;

    private long[] table = new long[32];
    private int size;
    /** The first of the additions {@link DeferredSums} holds for this accumulator, or -1. */
    int pending = -1;

    /** Adds sparse-encoded histogram values (see {@link SparseHistograms}); returns how many. */
    long addValues(byte[] encoded) {
        if (encoded == null) {
            return 0;
        }
        long[] total = {0};
        SparseHistograms.decode(encoded, (value, count) -> {
            add(Buckets.index(value), count);
            total[0] += count;
        });
        return total[0];
    }

    /**
     * Adds {@code n} buckets in the binary wire format's form from {@code pos} of {@code in} (see
     * {@link SnapshotWire}: two bytes little-endian, the bucket index in the low 15 bits and, if the
     * top bit is set, a varint count after them, else a count of one); returns the position after
     * them. Only for bytes {@link #checkIndexed} has passed, which it does not check again: an index
     * past the histogram's would be summed as a bucket that is none. This is the merge's inner loop,
     * written for C1 (the operator image compiles with C1 only, see operator/Dockerfile), which does
     * not inline {@link #add}: the table's first probe is in the loop, and buckets of one are read
     * four at a time.
     */
    int addChecked(byte[] in, int pos, int n) {
        long[] t = table;
        int mask = t.length - 1;
        int k = 0;
        if (pos + 2 * n + 8 <= in.length) { // four at a time while they are buckets of one
            for (; k + 4 <= n; k += 4) {
                long four = (long) FOUR.get(in, pos);
                if ((four & TOPS) != 0) {
                    break;
                }
                pos += 8;
                for (int lane = 0; lane < 4; lane++, four >>>= 16) {
                    int v = (int) four & 0x7fff;
                    int i = hash(v) & mask;
                    long e = t[i];
                    if ((int) (e >>> KEY_SHIFT) == v + 1) {
                        t[i] = e + 1;
                    } else {
                        add(v, 1);
                        t = table;
                        mask = t.length - 1;
                    }
                }
            }
        }
        for (; k < n; k++) {
            int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
            pos += 2;
            long count = 1;
            if (v >= 0x8000) {
                v &= 0x7fff;
                count = 0;
                int shift = 0;
                byte b;
                do {
                    b = in[pos++];
                    count |= (long) (b & 0x7f) << shift;
                    shift += 7;
                } while (b < 0);
            }
            int i = hash(v) & mask;
            long e = t[i];
            if ((int) (e >>> KEY_SHIFT) == v + 1) { // most buckets are there at the first probe
                t[i] = e + count; // checked bodies hold below 2^48 latencies in all: no overflow
            } else {
                add(v, count);
                t = table;
                mask = t.length - 1;
            }
        }
        return pos;
    }

    /**
     * Checks what {@link #addChecked} would add, adding nothing: {@code n} valid buckets that take
     * exactly the bytes from {@code pos} to {@code end}; returns the sum of their counts (at most
     * {@link #MAX_COUNT}). Throws {@link IllegalArgumentException} otherwise.
     */
    static long checkIndexed(byte[] in, int pos, int end, int n) {
        int start = pos;
        long total = 0;
        for (int k = 0; k < n; k++) {
            if (n - k >= 4 && end - pos >= 8) {
                long four = (long) FOUR.get(in, pos);
                if ((four & TOPS) == 0 && ((four + PAST_LAST) & TOPS) == 0) { // four buckets of one
                    total += 4;
                    pos += 8;
                    k += 3;
                    continue;
                }
            }
            if (end - pos < 2) {
                throw truncated(pos, end);
            }
            int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
            pos += 2;
            if (v < Buckets.COUNT) { // a bucket with a count of one: most are
                total++;
                continue;
            }
            if (v < 0x8000 || (v & 0x7fff) >= Buckets.COUNT) {
                throw new IllegalArgumentException("corrupt histogram: bucket " + (v & 0x7fff));
            }
            long count = 0;
            int shift = 0;
            byte b;
            do {
                if (pos >= end || shift > 42) {
                    throw badCount(pos, end);
                }
                b = in[pos++];
                count |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            if (count < 1 || count > MAX_COUNT) {
                throw new IllegalArgumentException("corrupt histogram: bucket " + (v & 0x7fff) + " count " + count);
            }
            total += count;
            if (total > MAX_COUNT) {
                throw tooMany();
            }
        }
        if (total > MAX_COUNT) { // the buckets of one: at most n more since the last check
            throw tooMany();
        }
        if (pos != end) {
            throw new IllegalArgumentException("corrupt histogram: " + n + " buckets take " + (pos - start)
                    + " bytes, not the " + (end - start) + " declared");
        }
        return total;
    }

    private static IllegalArgumentException tooMany() {
        return new IllegalArgumentException("corrupt histogram: more than 2^48 latencies");
    }

    private static IllegalArgumentException truncated(int pos, int end) {
        return new IllegalArgumentException("corrupt histogram: bucket at byte " + pos + " runs past its end " + end);
    }

    private static IllegalArgumentException badCount(int pos, int end) {
        return new IllegalArgumentException(
                "corrupt histogram: bucket count at byte " + pos + " overlong or past its end " + end);
    }

    /** Writes buckets in {@link #addChecked}'s form; returns the new position (room: 12 bytes each). */
    static int writeIndexed(byte[] out, int pos, int index, long count) {
        if (count == 1) {
            out[pos++] = (byte) index;
            out[pos++] = (byte) (index >>> 8);
            return pos;
        }
        out[pos++] = (byte) index;
        out[pos++] = (byte) ((index >>> 8) | 0x80);
        return SparseHistograms.writeVarLong(out, pos, count);
    }

    void add(int index, long count) {
        if (count == 0) {
            return;
        }
        long key = (long) (index + 1) << KEY_SHIFT; // + 1: bucket 0 (a 0 µs latency) is not the empty slot
        long[] t = table;
        int mask = t.length - 1;
        int i = hash(index) & mask;
        while (true) {
            long e = t[i];
            if (e == 0) {
                if (count > COUNT_MASK) {
                    throw overflow();
                }
                t[i] = key | count;
                if (++size * 2 > t.length) {
                    grow();
                }
                return;
            }
            if ((e & ~COUNT_MASK) == key) {
                long sum = (e & COUNT_MASK) + count;
                if (sum > COUNT_MASK || sum < 0) {
                    throw overflow();
                }
                t[i] = key | sum;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Takes {@code count} away from bucket {@code index}, which must hold at least that many. */
    void subtract(int index, long count) {
        if (count == 0) {
            return;
        }
        long key = (long) (index + 1) << KEY_SHIFT;
        long[] t = table;
        int mask = t.length - 1;
        for (int i = hash(index) & mask; t[i] != 0; i = (i + 1) & mask) {
            if ((t[i] & ~COUNT_MASK) == key) {
                long left = (t[i] & COUNT_MASK) - count;
                if (left < 0) {
                    break;
                }
                t[i] = key | left; // a zero count stays as a marker; encode() leaves it out
                return;
            }
        }
        throw new IllegalArgumentException("inconsistent histograms: cannot take " + count + " from bucket " + index);
    }

    /** Adds every bucket of {@code other}. */
    void addAll(SparseAccumulator other) {
        while ((size + other.size) * 2 > table.length) { // room for all of them: no growing on the way
            grow();
        }
        long[] t = table;
        int mask = t.length - 1;
        for (long o : other.table) {
            long count = o & COUNT_MASK;
            if (count == 0) {
                continue;
            }
            int index = (int) (o >>> KEY_SHIFT) - 1;
            int i = hash(index) & mask;
            long e = t[i];
            if ((e & ~COUNT_MASK) == (o & ~COUNT_MASK)) { // the probe of add(), written out: see addChecked
                if ((e & COUNT_MASK) + count > COUNT_MASK) {
                    throw overflow();
                }
                t[i] = e + count;
            } else {
                add(index, count);
            }
        }
    }

    /** Subtracts every bucket of {@code other} (see {@link #subtract}). */
    void subtractAll(SparseAccumulator other) {
        for (long e : other.table) {
            if (e != 0) {
                subtract((int) (e >>> KEY_SHIFT) - 1, e & COUNT_MASK);
            }
        }
    }

    /** Calls {@code sink} with every non-empty bucket, in index order. */
    void forEach(IndexSink sink) {
        for (long e : sorted()) {
            sink.bucket((int) (e >>> KEY_SHIFT) - 1, e & COUNT_MASK);
        }
    }

    /** Receives buckets by index. */
    @FunctionalInterface
    interface IndexSink {
        void bucket(int index, long count);
    }

    private static ArithmeticException overflow() {
        return new ArithmeticException("more than 2^48 latencies in one bucket of one interval");
    }

    private static int hash(int index) {
        int h = index * 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    private void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long e : old) {
            if (e != 0) {
                int i = hash((int) (e >>> KEY_SHIFT) - 1) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        table = t;
    }

    /** The buckets in index order, packed (index in the high bits, count in the low 48). */
    private long[] sorted() {
        long[] present = new long[size];
        int n = 0;
        for (long e : table) {
            if ((e & COUNT_MASK) != 0) {
                present[n++] = e;
            }
        }
        present = Arrays.copyOf(present, n);
        Arrays.sort(present); // the index is in the high bits (below 2^15: the sign bit stays clear)
        return present;
    }

    /** The sum, sparse-encoded in bucket order, byte for byte as {@link SparseHistograms#encode}. */
    byte[] encode() {
        long[] present = sorted();
        byte[] out = new byte[Math.max(16, present.length * 6)];
        int pos = 0;
        long previous = 0;
        for (long e : present) {
            if (out.length - pos < 20) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            long value = Buckets.highestValue((int) (e >>> KEY_SHIFT) - 1);
            pos = SparseHistograms.writeVarLong(out, pos, value - previous);
            pos = SparseHistograms.writeVarLong(out, pos, e & COUNT_MASK);
            previous = value;
        }
        return Arrays.copyOf(out, pos);
    }

    /**
     * Adds every bucket into {@code dense}, indexed by bucket ({@link Buckets#COUNT} long): summing
     * many accumulators there and encoding once ({@link #encodeDense}) needs no hashing and no
     * sorting, which is how a merge builds an endpoint's totals from its 60 or more intervals.
     */
    void addTo(long[] dense) {
        for (long e : table) {
            if (e != 0) {
                dense[(int) (e >>> KEY_SHIFT) - 1] += e & COUNT_MASK;
            }
        }
    }

    /** Takes every bucket away from {@code dense} again (see {@link #subtract}: never below zero). */
    void subtractFrom(long[] dense) {
        for (long e : table) {
            if (e != 0) {
                int index = (int) (e >>> KEY_SHIFT) - 1;
                long left = dense[index] - (e & COUNT_MASK);
                if (left < 0) {
                    throw new IllegalArgumentException(
                            "inconsistent histograms: cannot take " + (e & COUNT_MASK) + " from bucket " + index);
                }
                dense[index] = left;
            }
        }
    }

    /** {@code dense}'s buckets encoded as {@link #encode} would, in one pass; leaves it all zeros. */
    static byte[] encodeDense(long[] dense) {
        byte[] out = new byte[256];
        int pos = 0;
        long previous = 0;
        for (int index = 0; index < dense.length; index++) {
            long count = dense[index];
            if (count == 0) {
                continue;
            }
            dense[index] = 0;
            if (count > COUNT_MASK) {
                throw overflow();
            }
            if (out.length - pos < 20) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            long value = Buckets.highestValue(index);
            pos = SparseHistograms.writeVarLong(out, pos, value - previous);
            pos = SparseHistograms.writeVarLong(out, pos, count);
            previous = value;
        }
        return Arrays.copyOf(out, pos);
    }
}
