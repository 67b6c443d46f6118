package dev.loadtest.engine.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.HdrHistogram.Histogram;

/**
 * One endpoint's figures over a span of time (an interval or the whole run): outcome counts, bytes,
 * and the latency histogram. Serialises with the histogram compressed; adds exactly.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonPropertyOrder({"requests", "success", "http4xx", "http5xx", "timeout", "connectionError", "checkFailed"})
public final class EndpointStats {
    public long success;
    public long http4xx;
    public long http5xx;
    public long timeout;
    public long connectionError;
    public long checkFailed;
    public long bytesSent;
    public long bytesReceived;
    /** Latencies above the histogram's range, recorded as its maximum. */
    public long clamped;

    private Histogram histogram;
    private byte[] encoded;

    public EndpointStats() {}

    EndpointStats(long[] counters, Histogram latencies) {
        Outcome[] o = Outcome.values();
        for (int i = 0; i < o.length; i++) {
            add(o[i], counters[i]);
        }
        bytesSent = counters[o.length];
        bytesReceived = counters[o.length + 1];
        clamped = counters[o.length + 2];
        histogram = latencies;
    }

    @JsonProperty("requests")
    public long requests() {
        return success + http4xx + http5xx + timeout + connectionError + checkFailed;
    }

    @JsonProperty("requests")
    void setRequests(long ignored) {
        // derived from the outcome counts; accepted on read so files round-trip
    }

    public long failures() {
        return requests() - success;
    }

    public long count(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> success;
            case HTTP_4XX -> http4xx;
            case HTTP_5XX -> http5xx;
            case TIMEOUT -> timeout;
            case CONNECTION_ERROR -> connectionError;
            case CHECK_FAILED -> checkFailed;
        };
    }

    void add(Outcome outcome, long n) {
        switch (outcome) {
            case SUCCESS -> success += n;
            case HTTP_4XX -> http4xx += n;
            case HTTP_5XX -> http5xx += n;
            case TIMEOUT -> timeout += n;
            case CONNECTION_ERROR -> connectionError += n;
            case CHECK_FAILED -> checkFailed += n;
        }
    }

    /** The latencies to read: a fresh histogram when compact, so reading never inflates a stored interval. */
    @JsonIgnore
    public Histogram latencies() {
        if (histogram != null) {
            return histogram;
        }
        Histogram h = Latencies.newHistogram();
        if (encoded != null) {
            SparseHistograms.addTo(encoded, h);
        }
        return h;
    }

    /** Adds these latencies into {@code target} without building an intermediate histogram. */
    public void addLatenciesTo(Histogram target) {
        if (histogram != null) {
            target.add(histogram);
        } else if (encoded != null) {
            SparseHistograms.addTo(encoded, target);
        }
    }

    /** The latency histogram to add into (decoded once and kept). */
    @JsonIgnore
    Histogram histogram() {
        if (histogram == null) {
            histogram = latencies();
            encoded = null;
        }
        return histogram;
    }

    @JsonProperty("latencyMicros")
    byte[] latencyEncoded() {
        return histogram != null ? SparseHistograms.encode(histogram) : encoded;
    }

    @JsonProperty("latencyMicros")
    void setLatencyEncoded(byte[] value) {
        encoded = value;
        histogram = null;
    }

    /** Keeps only the sparse encoding: long runs hold thousands of intervals. */
    public EndpointStats compact() {
        if (histogram != null) {
            encoded = SparseHistograms.encode(histogram);
            histogram = null;
        }
        return this;
    }

    /** Sets the latencies to an already sparse-encoded sum. */
    void setEncoded(byte[] sparse) {
        encoded = sparse;
        histogram = null;
    }

    /** The sparse encoding, for accumulators. */
    byte[] encoded() {
        compact();
        return encoded;
    }

    /** Adds the outcome counts and bytes of {@code other}, not its latencies. */
    void addCounts(EndpointStats other) {
        success += other.success;
        http4xx += other.http4xx;
        http5xx += other.http5xx;
        timeout += other.timeout;
        connectionError += other.connectionError;
        checkFailed += other.checkFailed;
        bytesSent += other.bytesSent;
        bytesReceived += other.bytesReceived;
        clamped += other.clamped;
    }

    /** How many counters {@link #addCountsTo} and {@link #setCounts} move. */
    static final int COUNTERS = 9;

    /** Adds the outcome counts, bytes and clamped count into {@code c[off..off + COUNTERS)}. */
    void addCountsTo(long[] c, int off) {
        c[off] += success;
        c[off + 1] += http4xx;
        c[off + 2] += http5xx;
        c[off + 3] += timeout;
        c[off + 4] += connectionError;
        c[off + 5] += checkFailed;
        c[off + 6] += bytesSent;
        c[off + 7] += bytesReceived;
        c[off + 8] += clamped;
    }

    /** Sets the counters from {@code c[off..off + COUNTERS)}, in {@link #addCountsTo}'s order. */
    EndpointStats setCounts(long[] c, int off) {
        success = c[off];
        http4xx = c[off + 1];
        http5xx = c[off + 2];
        timeout = c[off + 3];
        connectionError = c[off + 4];
        checkFailed = c[off + 5];
        bytesSent = c[off + 6];
        bytesReceived = c[off + 7];
        clamped = c[off + 8];
        return this;
    }

    /** Adds {@code other} into this: counts add, histograms add bucket by bucket (exact). */
    public EndpointStats addAll(EndpointStats other) {
        addCounts(other);
        other.addLatenciesTo(histogram());
        return this;
    }

    public EndpointStats copy() {
        return new EndpointStats().addAll(this);
    }
}
