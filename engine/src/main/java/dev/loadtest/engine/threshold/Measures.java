package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Aggregation;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** What a threshold's metric and statistic measure on a run's results. */
public final class Measures {
    private Measures() {}

    public static double measure(Threshold t, RunSnapshot run) {
        EndpointStats stats = t.endpoint() == null ? run.overall() : run.totals.get(t.endpoint());
        double seconds = run.elapsedMs / 1000.0;
        Metric metric = t.metric();
        Aggregation agg = t.aggregation();
        return switch (metric) {
            case HTTP_REQ_DURATION -> {
                if (stats == null || stats.requests() == 0) {
                    yield Double.NaN;
                }
                Histogram h = stats.latencies();
                double micros = switch (agg) {
                    case AVG -> h.getMean();
                    case MED -> h.getValueAtPercentile(50);
                    case MIN -> h.getMinValue();
                    case MAX -> h.getMaxValue();
                    default -> h.getValueAtPercentile(t.percentile());
                };
                yield micros / 1000.0;
            }
            case HTTP_REQ_FAILED -> {
                long requests = stats == null ? 0 : stats.requests();
                long failed = stats == null ? 0 : stats.failures();
                yield agg == Aggregation.COUNT ? failed : requests == 0 ? Double.NaN : failed / (double) requests;
            }
            case HTTP_REQS -> {
                long requests = stats == null ? 0 : stats.requests();
                yield agg == Aggregation.COUNT ? requests : seconds <= 0 ? Double.NaN : requests / seconds;
            }
            case CHECKS -> {
                long passed = 0;
                long failed = 0;
                for (CheckStats c : run.checks) {
                    if (t.endpoint() == null || t.endpoint().equals(c.endpoint)) {
                        passed += c.passed;
                        failed += c.failed;
                    }
                }
                yield agg == Aggregation.COUNT
                        ? failed
                        : passed + failed == 0 ? Double.NaN : passed / (double) (passed + failed);
            }
            case ITERATIONS ->
                agg == Aggregation.COUNT ? run.iterations : seconds <= 0 ? Double.NaN : run.iterations / seconds;
            case DROPPED_ITERATIONS ->
                agg == Aggregation.COUNT ? run.dropped : seconds <= 0 ? Double.NaN : run.dropped / seconds;
        };
    }

    /** A value in the threshold's units, for people. */
    public static String format(Threshold t, double v) {
        if (Double.isNaN(v)) {
            return "no data";
        }
        if (t.aggregation() == Aggregation.COUNT) {
            return String.valueOf((long) v);
        }
        return switch (t.metric().unit) {
            case DURATION -> millis(v);
            case FRACTION -> String.format(Locale.ROOT, "%.2f%%", v * 100);
            case PER_SECOND -> String.format(Locale.ROOT, "%.2f/s", v);
        };
    }

    /** Milliseconds for people: 850µs, 12.3ms, 2.1s. */
    public static String millis(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.0fµs", ms * 1000);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, ms < 10 ? "%.2fms" : ms < 100 ? "%.1fms" : "%.0fms", ms);
        }
        return String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }
}
