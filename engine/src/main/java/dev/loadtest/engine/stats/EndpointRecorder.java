package dev.loadtest.engine.stats;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records every request of one endpoint, from any thread: latency into an HdrHistogram {@link
 * Recorder} (intervals swapped without stopping writers), outcome counts and bytes into adders.
 * Values beyond the histogram's range are clamped to its maximum and counted, never dropped.
 */
public final class EndpointRecorder {
    private final String name;
    private final Recorder latency = new Recorder(Latencies.LOWEST_MICROS, Latencies.HIGHEST_MICROS, Latencies.DIGITS);
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder clamped = new LongAdder();
    private Histogram recycled;

    EndpointRecorder(String name) {
        this.name = name;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    public String name() {
        return name;
    }

    public void record(long latencyMicros, Outcome outcome, long sent, long received) {
        long v = latencyMicros < Latencies.LOWEST_MICROS ? Latencies.LOWEST_MICROS : latencyMicros;
        if (v > Latencies.HIGHEST_MICROS) {
            v = Latencies.HIGHEST_MICROS;
            clamped.increment();
        }
        latency.recordValue(v);
        outcomes[outcome.ordinal()].increment();
        bytesSent.add(sent);
        bytesReceived.add(received);
    }

    /** Cumulative counters; the sampler subtracts the previous reading to get an interval's. */
    long[] counters() {
        long[] c = new long[outcomes.length + 3];
        for (int i = 0; i < outcomes.length; i++) {
            c[i] = outcomes[i].sum();
        }
        c[outcomes.length] = bytesSent.sum();
        c[outcomes.length + 1] = bytesReceived.sum();
        c[outcomes.length + 2] = clamped.sum();
        return c;
    }

    /** The latencies recorded since the last call; the caller must hand it back with {@link #recycle}. */
    Histogram takeInterval() {
        Histogram h = latency.getIntervalHistogram(recycled);
        recycled = null;
        return h;
    }

    void recycle(Histogram h) {
        recycled = h;
    }
}
