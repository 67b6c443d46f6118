package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Aggregation;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSeries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges abort rules at each look at a running test, like a Prometheus alert with {@code for}: a
 * rule fires once it has held at every look for its window (at once without one). What a rule
 * reads at a look: counts are the run's so far; rates, percentiles and averages of requests cover
 * the time since the snapshot the caller compares with ({@link RecentWindow}: about 3 s); target and Prometheus gauges their value now ({@code last}). A look
 * without data (no requests since the last one, a source not answering) leaves a rule's state as
 * it was. The caller keeps the holding-since times (in status), so a restart does not reset them.
 */
public final class AbortRules {
    /** A Prometheus value older than this is no news at a look (its query failed or is sampled less often). */
    static final long FRESH_MS = 15_000;

    private AbortRules() {}

    /** A rule that holds now, since when, and its value as people read it. */
    public record Holding(String rule, long sinceEpochMs, String measured) {}

    /**
     * @param holding rules that held at the previous look (rule → since), updated to this look
     * @return the first rule that fired, or null
     */
    public static Holding check(
            List<String> rules,
            RunSnapshot before,
            RunSnapshot now,
            TargetObservations target,
            long nowEpochMs,
            Map<String, Holding> holding) {
        if (rules == null) {
            return null;
        }
        Map<String, Holding> next = new LinkedHashMap<>();
        Holding fired = null;
        for (String rule : rules) {
            Threshold t = ThresholdParser.parseAbortRule(rule);
            double value = valueNow(t, before, now, target, nowEpochMs);
            double limit = Measures.limit(t, target);
            Holding previous = holding.get(rule);
            if (Double.isNaN(value) || Double.isNaN(limit)) {
                if (previous != null) {
                    next.put(rule, previous); // no news: neither a break nor a confirmation
                }
                continue;
            }
            if (!t.comparison().holds(value, limit)) {
                continue;
            }
            String measured = t.statistic() + "=" + Measures.format(t, value);
            long since = previous == null ? nowEpochMs : previous.sinceEpochMs();
            Holding h = new Holding(rule, since, measured);
            next.put(rule, h);
            long window = t.window() == null ? 0 : t.window().toMillis();
            if (fired == null && nowEpochMs - since >= window) {
                fired = h;
            }
        }
        holding.clear();
        holding.putAll(next);
        return fired;
    }

    static double valueNow(
            Threshold t, RunSnapshot before, RunSnapshot now, TargetObservations target, long nowEpochMs) {
        if (t.metric().source == Metric.Source.RUN) {
            if (now == null) {
                return Double.NaN; // not every runner answered this look
            }
            return t.aggregation() == Aggregation.COUNT
                    ? Measures.measure(t, now)
                    : RecentMeasures.measure(t, before, now);
        }
        if (t.aggregation() == Aggregation.COUNT) {
            return Measures.ofTarget(t, target);
        }
        return latest(t, target, nowEpochMs);
    }

    /**
     * A gauge's value at this look: the target's sample taken now (a source that failed now gives no
     * value, not its last good one), or a Prometheus value at most {@link #FRESH_MS} old.
     */
    private static double latest(Threshold t, TargetObservations target, long nowEpochMs) {
        if (target == null) {
            return Double.NaN;
        }
        if (t.metric() == Metric.PROMETHEUS) {
            List<TargetObservations.Point> points = target.prometheus.getOrDefault(t.series(), List.of());
            if (points.isEmpty()) {
                return Double.NaN;
            }
            TargetObservations.Point p = points.get(points.size() - 1);
            return nowEpochMs - (target.startEpochMs + p.t()) <= FRESH_MS ? p.v() : Double.NaN;
        }
        if (target.samples.isEmpty()) {
            return Double.NaN;
        }
        TargetObservations only = new TargetObservations();
        only.hpa = target.hpa;
        only.samples.add(target.samples.get(target.samples.size() - 1));
        return Measures.aggregate(Aggregation.LAST, TargetSeries.of(t.metric(), null, only));
    }
}
