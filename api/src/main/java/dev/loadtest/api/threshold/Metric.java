package dev.loadtest.api.threshold;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Metrics a threshold or abort rule can judge, with the statistics each supports. */
public enum Metric {
    HTTP_REQ_DURATION(
            "http_req_duration",
            Unit.DURATION,
            EnumSet.of(Aggregation.AVG, Aggregation.MED, Aggregation.MIN, Aggregation.MAX, Aggregation.PERCENTILE)),
    HTTP_REQ_FAILED("http_req_failed", Unit.FRACTION, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    HTTP_REQS("http_reqs", Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    CHECKS("checks", Unit.FRACTION, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    ITERATIONS("iterations", Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT)),
    DROPPED_ITERATIONS("dropped_iterations", Unit.PER_SECOND, EnumSet.of(Aggregation.RATE, Aggregation.COUNT));

    /** How a metric's rate is expressed: a fraction (1%), a duration (500ms) or a rate (80/s). */
    public enum Unit {
        DURATION,
        FRACTION,
        PER_SECOND
    }

    public final String key;
    public final Unit unit;
    public final Set<Aggregation> aggregations;

    Metric(String key, Unit unit, Set<Aggregation> aggregations) {
        this.key = key;
        this.unit = unit;
        this.aggregations = aggregations;
    }

    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(m -> m.key).collect(Collectors.joining(", "));
    }

    public String allowedAggregations() {
        return aggregations.stream().map(a -> a.syntax).collect(Collectors.joining(", "));
    }
}
