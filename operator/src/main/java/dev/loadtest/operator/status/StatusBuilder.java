package dev.loadtest.operator.status;

import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.EndpointSummary;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Summary;
import dev.loadtest.api.status.ThresholdStatus;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The one author of status content: figures from a merged snapshot, and conditions that keep their
 * lastTransitionTime unless their status flips (so a no-op reconcile writes nothing).
 */
public final class StatusBuilder {
    static final int TOP_ENDPOINTS = 10;

    private StatusBuilder() {}

    public static Summary summary(RunSnapshot merged) {
        Summary s = new Summary();
        EndpointStats all = merged.overall();
        s.requests = all.requests();
        s.failures = all.failures();
        s.errorPercent = round(all.requests() == 0 ? 0 : 100.0 * all.failures() / all.requests(), 3);
        s.requestsPerSecond = round(merged.elapsedMs <= 0 ? 0 : all.requests() * 1000.0 / merged.elapsedMs, 2);
        s.droppedIterations = merged.dropped;
        if (all.requests() > 0) {
            Histogram h = all.latencies();
            s.p50 = ms(h.getValueAtPercentile(50));
            s.p90 = ms(h.getValueAtPercentile(90));
            s.p95 = ms(h.getValueAtPercentile(95));
            s.p99 = ms(h.getValueAtPercentile(99));
            s.max = ms(h.getMaxValue());
        }
        return s;
    }

    public static List<EndpointSummary> topEndpoints(RunSnapshot merged) {
        return merged.totals.entrySet().stream()
                .sorted(Comparator.comparingLong((java.util.Map.Entry<String, EndpointStats> e) ->
                                e.getValue().requests())
                        .reversed())
                .limit(TOP_ENDPOINTS)
                .map(e -> {
                    EndpointSummary es = new EndpointSummary();
                    es.name = e.getKey();
                    es.requests = e.getValue().requests();
                    es.errorPercent =
                            round(es.requests == 0 ? 0 : 100.0 * e.getValue().failures() / es.requests, 3);
                    Histogram h = e.getValue().latencies();
                    if (h.getTotalCount() > 0) {
                        es.p95 = ms(h.getValueAtPercentile(95));
                        es.p99 = ms(h.getValueAtPercentile(99));
                    }
                    return es;
                })
                .toList();
    }

    public static List<ThresholdStatus> thresholds(List<ThresholdResult> results) {
        return results.stream()
                .map(r -> {
                    ThresholdStatus t = new ThresholdStatus();
                    t.expression = r.expression();
                    t.measured = r.measuredText();
                    t.ok = r.ok();
                    return t;
                })
                .toList();
    }

    /** Sets a condition; lastTransitionTime changes only when the status flips. */
    public static void condition(
            LoadTestStatus status, String type, boolean value, String reason, String message, Long generation) {
        Condition existing = status.conditions.stream()
                .filter(c -> c.type.equals(type))
                .findFirst()
                .orElse(null);
        String v = value ? "True" : "False";
        if (existing == null) {
            Condition c = new Condition(type, value, reason, message);
            c.lastTransitionTime = Instant.now().toString();
            c.observedGeneration = generation;
            status.conditions.add(c);
            return;
        }
        if (!Objects.equals(existing.status, v)) {
            existing.lastTransitionTime = Instant.now().toString();
        }
        existing.status = v;
        existing.reason = reason;
        existing.message = message;
        existing.observedGeneration = generation;
    }

    private static double ms(double micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
