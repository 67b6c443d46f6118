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
 * @param series the query name of {@code prometheus.NAME}, or null
 * @param limitRef a limit read from the target instead of a number ({@code target.hpa.maxReplicas}),
 *     or null; {@code limit} is then NaN
 */
public record Threshold(
        String source,
        Metric metric,
        String endpoint,
        Aggregation aggregation,
        double percentile,
        Comparison comparison,
        double limit,
        Duration window,
        String series,
        String limitRef) {

    /** Limits that name a value of the target instead of a number. */
    public static final java.util.List<String> LIMIT_REFS =
            java.util.List.of("target.hpa.maxReplicas", "target.hpa.minReplicas");

    /** The metric as written: http_req_duration, target.cpu, prometheus.cacheHitRate. */
    public String metricName() {
        return series == null ? metric.key : metric.key + "." + series;
    }

    /** Identity for overriding a profile's threshold: same metric, scope and statistic. */
    public String key() {
        return metricName() + "{" + (endpoint == null ? "" : endpoint) + "}:" + aggregation
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
