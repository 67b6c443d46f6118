package dev.loadtest.api.threshold;

import java.time.Duration;

/**
 * A parsed threshold or abort rule: {@code metric{name:endpoint}: aggregation comparison limit [for
 * window]}. The limit is canonical: milliseconds for durations, a fraction for rates of failure or
 * checks, per second for request rates, a plain number for counts.
 *
 * @param endpoint the {@code {name:...}} scope, or null for all endpoints
 * @param percentile the N of {@code p(N)}, or NaN
 * @param window the sustained window of an abort rule ({@code for 1m}), or null
 */
public record Threshold(
        String source,
        Metric metric,
        String endpoint,
        Aggregation aggregation,
        double percentile,
        Comparison comparison,
        double limit,
        Duration window) {

    /** Identity for overriding a profile's threshold: same metric, scope and statistic. */
    public String key() {
        return metric.key + "{" + (endpoint == null ? "" : endpoint) + "}:" + aggregation
                + (aggregation == Aggregation.PERCENTILE ? percentile : "");
    }

    /** The statistic as written by people: p(95), avg, rate. */
    public String statistic() {
        if (aggregation == Aggregation.PERCENTILE) {
            String p = percentile == Math.rint(percentile)
                    ? String.valueOf((long) percentile)
                    : String.valueOf(percentile);
            return "p(" + p + ")";
        }
        return aggregation.syntax;
    }
}
