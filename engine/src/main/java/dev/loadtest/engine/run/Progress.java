package dev.loadtest.engine.run;

/**
 * A live view of a running test, once per interval: the last interval's rate and the cumulative
 * p95 and error rate.
 */
public record Progress(
        long elapsedMs,
        long totalMs,
        int users,
        long requests,
        double requestsPerSecond,
        double p95Ms,
        double errorRate) {}
