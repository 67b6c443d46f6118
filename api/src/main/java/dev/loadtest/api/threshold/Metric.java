package dev.loadtest.api.threshold;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Metrics a threshold or abort rule can judge, with the statistics each supports. The http_* and
 * run metrics come from the runners; {@code target.*} from the target's HPA, pods and metrics API
 * (watched by the operator); {@code prometheus.NAME} from a named query in spec.target.prometheus.
 */
public enum Metric {
    HTTP_REQ_DURATION(
            "http_req_duration",
            Source.RUN,
            Unit.DURATION,
            EnumSet.of(Aggregation.AVG, Aggregation.MED, Aggregation.MIN, Aggregation.MAX, Aggregation.PERCENTILE)),
    HTTP_REQ_FAILED("http_req_failed", Source.RUN, Unit.FRACTION, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    HTTP_REQS("http_reqs", Source.RUN, Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    CHECKS("checks", Source.RUN, Unit.FRACTION, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    ITERATIONS("iterations", Source.RUN, Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    DROPPED_ITERATIONS(
            "dropped_iterations", Source.RUN, Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    /** Replicas of the target: the HPA's current replicas, or the ready pods when there is no HPA. */
    TARGET_REPLICAS("target.replicas", Source.TARGET, Unit.NUMBER, Gauge.STATS),
    /** Ready pods matching spec.target.workload.podSelector. */
    TARGET_PODS("target.pods", Source.TARGET, Unit.NUMBER, Gauge.STATS),
    /** CPU used by the target's pods as a fraction of their CPU requests (like an HPA's utilization). */
    TARGET_CPU("target.cpu", Source.TARGET, Unit.FRACTION, Gauge.STATS),
    /** Memory of the fullest target pod as a fraction of its memory limit (or request): headroom to OOM. */
    TARGET_MEMORY("target.memory", Source.TARGET, Unit.FRACTION, Gauge.STATS),
    /** Container restarts of the target's pods during the run. */
    TARGET_RESTARTS("target.restarts", Source.TARGET, Unit.NUMBER, EnumSet.of(Aggregation.COUNT)),
    /** Target containers OOM-killed during the run. */
    TARGET_OOM_KILLED("target.oomKilled", Source.TARGET, Unit.NUMBER, EnumSet.of(Aggregation.COUNT)),
    /** A named PromQL query of spec.target.prometheus, sampled during the run: prometheus.NAME. */
    PROMETHEUS("prometheus", Source.PROMETHEUS, Unit.SCALAR, Gauge.STATS);

    /** Where a metric's values come from. */
    public enum Source {
        RUN,
        TARGET,
        PROMETHEUS
    }

    /**
     * How a metric's limit is written: a duration (500ms), a fraction (1% or 0.01), a rate (80/s), a
     * plain number (replicas), or a scalar (a query's value: a plain number, or a percentage = /100).
     */
    public enum Unit {
        DURATION,
        FRACTION,
        PER_SECOND,
        NUMBER,
        SCALAR
    }

    private static final class Gauge {
        static final Set<Aggregation> STATS =
                EnumSet.of(Aggregation.MIN, Aggregation.MAX, Aggregation.AVG, Aggregation.LAST);
    }

    public final String key;
    public final Source source;
    public final Unit unit;
    public final Set<Aggregation> aggregations;

    Metric(String key, Source source, Unit unit, Set<Aggregation> aggregations) {
        this.key = key;
        this.source = source;
        this.unit = unit;
        this.aggregations = aggregations;
    }

    /** The metric a name denotes; {@code prometheus.NAME} is {@link #PROMETHEUS}. Null when unknown. */
    public static Metric byKey(String key) {
        if (key.startsWith(PROMETHEUS.key + ".")) {
            return PROMETHEUS;
        }
        for (Metric m : values()) {
            if (m != PROMETHEUS && m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }

    public static String allKeys() {
        return Arrays.stream(values())
                .map(m -> m == PROMETHEUS ? "prometheus.NAME" : m.key)
                .collect(Collectors.joining(", "));
    }

    public String allowedAggregations() {
        return aggregations.stream().map(a -> a.syntax).collect(Collectors.joining(", "));
    }
}
