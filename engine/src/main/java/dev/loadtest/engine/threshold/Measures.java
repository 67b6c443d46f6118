package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Aggregation;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSeries;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** What a threshold's metric and statistic measure on a run's results. */
public final class Measures {
    private Measures() {}

    public static double measure(Threshold t, RunSnapshot run) {
        return measure(t, run, null);
    }

    /** The value a threshold judges; {@code target} (null when not watched) serves target.* and prometheus.*. */
    public static double measure(Threshold t, RunSnapshot run, TargetObservations target) {
        if (t.metric().source != Metric.Source.RUN) {
            return ofTarget(t, target);
        }
        EndpointStats stats = t.endpoint() == null ? run.overall() : run.totals.get(t.endpoint());
        double seconds = run.elapsedMs / 1000.0;
        Metric metric = t.metric();
        Aggregation agg = t.aggregation();
        return switch (metric) {
            case HTTP_REQ_DURATION -> {
                if (stats == null || stats.requests() == 0) {
                    yield Double.NaN;
                }
                yield latencyMillis(t, stats.latencies());
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
            default -> throw new IllegalArgumentException(metric.key + " is not measured by the runners");
        };
    }

    /** A latency statistic (avg, med, min, max, p(N)) of a histogram of microseconds, in ms. */
    static double latencyMillis(Threshold t, Histogram h) {
        double micros = switch (t.aggregation()) {
            case AVG -> h.getMean();
            case MED -> h.getValueAtPercentile(50);
            case MIN -> h.getMinValue();
            case MAX -> h.getMaxValue();
            default -> h.getValueAtPercentile(t.percentile());
        };
        return micros / 1000.0;
    }

    /** target.* and prometheus.*: NaN (no data, which fails) when the source was not observed. */
    static double ofTarget(Threshold t, TargetObservations target) {
        if (target == null) {
            return Double.NaN;
        }
        if (t.aggregation() == Aggregation.COUNT) {
            boolean watchedPods = target.samples.stream().anyMatch(s -> s.pods != null && s.pods > 0);
            if (!watchedPods) {
                return Double.NaN;
            }
            return t.metric() == Metric.TARGET_OOM_KILLED ? target.oomKilled : target.restarts;
        }
        if (t.aggregation() == Aggregation.AVG) {
            return TargetSeries.averageOverTime(TargetSeries.points(t.metric(), t.series(), target));
        }
        return aggregate(t.aggregation(), TargetSeries.of(t.metric(), t.series(), target));
    }

    /** min, max, avg or last of a gauge's samples; NaN when there are none. */
    public static double aggregate(Aggregation agg, List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return switch (agg) {
            case MIN -> values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            case MAX -> values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            case AVG ->
                values.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
            case LAST -> values.get(values.size() - 1);
            default -> throw new IllegalArgumentException(agg.syntax + " is not a statistic of a gauge");
        };
    }

    /** The limit a threshold compares with: its number, or the target value it names. */
    public static double limit(Threshold t, TargetObservations target) {
        if (t.limitRef() == null) {
            return t.limit();
        }
        if (target == null) {
            return Double.NaN;
        }
        Integer v = switch (t.limitRef()) {
            case "target.hpa.maxReplicas" -> target.hpaMaxReplicas;
            case "target.hpa.minReplicas" -> target.hpaMinReplicas;
            default -> null;
        };
        return v == null ? Double.NaN : v;
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
            case NUMBER -> v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
            case SCALAR -> String.format(Locale.ROOT, "%.4g", v);
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
