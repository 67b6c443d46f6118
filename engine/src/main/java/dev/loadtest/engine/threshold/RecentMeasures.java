package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import org.HdrHistogram.Histogram;

/**
 * A run metric over the latest stretch of time only: the difference between two cumulative
 * snapshots of the same runners (exact, histograms subtract). Abort rules judge "now", not the
 * whole run, so a bad minute is not diluted by a good hour.
 */
final class RecentMeasures {
    private RecentMeasures() {}

    /** NaN when the two snapshots cannot be compared (a runner missing from one) or nothing happened. */
    static double measure(Threshold t, RunSnapshot before, RunSnapshot now) {
        if (before == null
                || now == null
                || before.runners != now.runners
                || now.elapsedMs <= before.elapsedMs
                || now.requests() < before.requests()) {
            return Double.NaN;
        }
        double seconds = (now.elapsedMs - before.elapsedMs) / 1000.0;
        EndpointStats a = t.endpoint() == null ? before.overall() : before.totals.get(t.endpoint());
        EndpointStats b = t.endpoint() == null ? now.overall() : now.totals.get(t.endpoint());
        long requests = (b == null ? 0 : b.requests()) - (a == null ? 0 : a.requests());
        long failures = (b == null ? 0 : b.failures()) - (a == null ? 0 : a.failures());
        return switch (t.metric()) {
            case HTTP_REQ_DURATION -> {
                if (b == null || requests <= 0) {
                    yield Double.NaN;
                }
                Histogram h = b.latencies().copy();
                try {
                    if (a != null) {
                        h.subtract(a.latencies());
                    }
                } catch (RuntimeException e) {
                    yield Double.NaN;
                }
                if (h.getTotalCount() == 0) {
                    yield Double.NaN;
                }
                yield Measures.latencyMillis(t, h);
            }
            case HTTP_REQ_FAILED -> requests <= 0 ? Double.NaN : failures / (double) requests;
            case HTTP_REQS -> requests / seconds;
            case CHECKS -> {
                long[] x = checks(before, t.endpoint());
                long[] y = checks(now, t.endpoint());
                long passed = y[0] - x[0];
                long total = passed + y[1] - x[1];
                yield total <= 0 ? Double.NaN : passed / (double) total;
            }
            case ITERATIONS -> (now.iterations - before.iterations) / seconds;
            case DROPPED_ITERATIONS -> (now.dropped - before.dropped) / seconds;
            default -> Double.NaN;
        };
    }

    private static long[] checks(RunSnapshot s, String endpoint) {
        long[] pf = new long[2];
        for (CheckStats c : s.checks) {
            if (endpoint == null || endpoint.equals(c.endpoint)) {
                pf[0] += c.passed;
                pf[1] += c.failed;
            }
        }
        return pf;
    }
}
