package dev.loadtest.engine.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Histogram additions from binary wire bodies ({@link SnapshotWire}), held back until a batch of
 * bodies is in, then done accumulator by accumulator: each accumulator's table is brought into the
 * cache once per batch instead of once per runner. Merging 1,000 runners' time series is bound by
 * those cache misses (the sums of 1,200 interval × endpoint histograms are megabytes), not by
 * arithmetic. The larger a batch, the fewer times each table is brought in: memory, at most {@link
 * #BATCH} bodies or {@link #BATCH_BYTES} bytes of them.
 */
final class DeferredSums {
    /** Most bodies per batch. */
    static final int BATCH = 64;
    /**
     * Most bytes of bodies per batch: 8 MB is about 60 bodies of 60 intervals × 20 endpoints; batches
     * of 16 such bodies made the merge of 1,000 runners 10-15 % slower (docs/benchmarks.md).
     */
    static final int BATCH_BYTES = 8 << 20;

    private final List<byte[]> bodies = new ArrayList<>();
    private final List<SparseAccumulator> touched = new ArrayList<>();
    private int[] next = new int[1024];
    private int[] body = new int[1024];
    private int[] offset = new int[1024];
    private int[] buckets = new int[1024];
    private int tasks;
    private long held;

    /** Registers a body whose histograms {@link #add} will name; returns its number. */
    int body(byte[] wire) {
        bodies.add(wire);
        held += wire.length;
        return bodies.size() - 1;
    }

    /** Adds, later, the {@code n} (checked) buckets from {@code pos} of body {@code b} into {@code into}. */
    void add(SparseAccumulator into, int b, int pos, int n) {
        if (n == 0) {
            return;
        }
        if (tasks == next.length) {
            int size = tasks * 2;
            next = Arrays.copyOf(next, size);
            body = Arrays.copyOf(body, size);
            offset = Arrays.copyOf(offset, size);
            buckets = Arrays.copyOf(buckets, size);
        }
        if (into.pending < 0) {
            touched.add(into);
        }
        next[tasks] = into.pending;
        body[tasks] = b;
        offset[tasks] = pos;
        buckets[tasks] = n;
        into.pending = tasks++;
    }

    /** Called after each body: flushes once a batch is in. */
    void bodyDone() {
        if (bodies.size() >= BATCH || held >= BATCH_BYTES) {
            flush();
        }
    }

    /**
     * Does the held additions. Bodies are checked whole before they get here ({@link
     * SnapshotWire}), so this does not throw; if it did, nothing would stay pending: a later flush
     * never adds a body twice.
     */
    void flush() {
        try {
            for (SparseAccumulator a : touched) {
                for (int t = a.pending; t >= 0; t = next[t]) {
                    a.addChecked(bodies.get(body[t]), offset[t], buckets[t]);
                }
                a.pending = -1;
            }
        } finally {
            for (SparseAccumulator a : touched) {
                a.pending = -1;
            }
            touched.clear();
            bodies.clear();
            held = 0;
            tasks = 0;
        }
    }

    /** Whether additions are held (for tests). */
    boolean holding() {
        return tasks > 0 || !bodies.isEmpty() || !touched.isEmpty();
    }
}
