package dev.loadtest.engine.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json} in the shape of {@code k6 run --summary-export}, so CI scripts written for
 * k6 read it unchanged: {@code metrics.http_reqs.count}, {@code metrics.http_req_duration["p(95)"]}
 * (milliseconds), rates as fractions, and each threshold under its metric as k6 writes it there: a
 * boolean that is {@code true} when the threshold <em>failed</em> (k6's own inversion, kept for
 * its scripts: grafana/k6#1498). An abort rule that stopped the run is a failed threshold too, as
 * k6 marks an {@code abortOnFail} threshold that fired.
 */
public final class K6SummaryExport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private K6SummaryExport() {}

    public static ObjectNode build(RunSnapshot run, List<ThresholdResult> thresholds) {
        return build(run, thresholds, null);
    }

    /** With the abort rule that stopped the run ({@code spec.abort} as written), or null. */
    public static ObjectNode build(RunSnapshot run, List<ThresholdResult> thresholds, String abortedBy) {
        ObjectNode root = F.objectNode();
        ObjectNode metrics = root.putObject("metrics");
        double seconds = Math.max(run.elapsedMs, 1) / 1000.0;
        EndpointStats all = run.overall();

        metrics.set("http_reqs", counter(all.requests(), seconds));
        metrics.set("http_req_duration", trend(all));
        ObjectNode failed = metrics.putObject("http_req_failed");
        putRatio(failed, all.failures(), all.requests());
        failed.put("passes", all.failures()); // k6 counts a true value (a failure) as a pass of this rate
        failed.put("fails", all.success);
        long passed = run.checks.stream().mapToLong(c -> c.passed).sum();
        long checkFailed = run.checks.stream().mapToLong(c -> c.failed).sum();
        ObjectNode checks = metrics.putObject("checks");
        putRatio(checks, passed, passed + checkFailed);
        checks.put("passes", passed);
        checks.put("fails", checkFailed);
        metrics.set("iterations", counter(run.iterations, seconds));
        metrics.set("dropped_iterations", counter(run.dropped, seconds));
        metrics.set("data_sent", counter(all.bytesSent, seconds));
        metrics.set("data_received", counter(all.bytesReceived, seconds));
        if (!run.intervals.isEmpty()) {
            // users at each interval's end (every runner's added up): k6's vus gauge
            ObjectNode vus = metrics.putObject("vus");
            vus.put("value", run.intervals.get(run.intervals.size() - 1).users);
            vus.put("min", run.intervals.stream().mapToInt(i -> i.users).min().getAsInt());
            vus.put("max", run.intervals.stream().mapToInt(i -> i.users).max().getAsInt());
        }
        ObjectNode vusMax = metrics.putObject("vus_max");
        vusMax.put("value", run.maxUsers);
        vusMax.put("min", run.maxUsers);
        vusMax.put("max", run.maxUsers);

        for (ThresholdResult r : thresholds) {
            String source = r.expression();
            failed(run, metrics, r.threshold(), afterMetric(source), !r.ok());
        }
        if (abortedBy != null) {
            Threshold rule = ThresholdParser.parseAbortRule(abortedBy);
            failed(run, metrics, rule, "abort when " + afterMetric(abortedBy), true);
        }

        ObjectNode group = root.putObject("root_group");
        group.put("name", "");
        group.put("path", "");
        ObjectNode groupChecks = group.putObject("checks");
        for (CheckStats c : run.checks) {
            ObjectNode n = groupChecks.putObject(c.key());
            n.put("name", c.key());
            n.put("passes", c.passed);
            n.put("fails", c.failed);
        }
        return root;
    }

    /** The expression after "metric{scope}:", as people wrote it. */
    private static String afterMetric(String source) {
        int colon = source.indexOf(':', source.indexOf('}') + 1);
        return source.substring(colon + 1).trim();
    }

    /**
     * Files a verdict under its metric as written (http_req_duration, prometheus.errorRate, with an
     * endpoint's scope): {@code true} when it failed. The same expression twice fails if either did.
     */
    private static void failed(RunSnapshot run, ObjectNode metrics, Threshold t, String name, boolean failed) {
        String key = t.metricName();
        if (t.endpoint() != null) {
            key += "{name:" + t.endpoint() + "}";
            if (!metrics.has(key)) {
                metrics.set(key, endpointMetric(run, t.metric(), t.endpoint()));
            }
        }
        ObjectNode m = metrics.has(key) ? (ObjectNode) metrics.get(key) : metrics.putObject(key);
        ObjectNode ts = m.has("thresholds") ? (ObjectNode) m.get("thresholds") : m.putObject("thresholds");
        ts.put(name, failed || ts.path(name).asBoolean(false));
    }

    /** A metric of one endpoint (a scoped threshold's), with its values as the run's own metric has them. */
    private static ObjectNode endpointMetric(RunSnapshot run, Metric metric, String endpoint) {
        EndpointStats e = run.totals.get(endpoint);
        double seconds = Math.max(run.elapsedMs, 1) / 1000.0;
        long requests = e == null ? 0 : e.requests();
        long failures = e == null ? 0 : e.failures();
        switch (metric) {
            case HTTP_REQ_DURATION -> {
                return trend(e == null ? new EndpointStats() : e);
            }
            case HTTP_REQS -> {
                return counter(requests, seconds);
            }
            case HTTP_REQ_FAILED -> {
                ObjectNode n = F.objectNode();
                putRatio(n, failures, requests);
                n.put("passes", failures);
                n.put("fails", requests - failures);
                return n;
            }
            case CHECKS -> {
                long passed = run.checks.stream()
                        .filter(c -> endpoint.equals(c.endpoint))
                        .mapToLong(c -> c.passed)
                        .sum();
                long failed = run.checks.stream()
                        .filter(c -> endpoint.equals(c.endpoint))
                        .mapToLong(c -> c.failed)
                        .sum();
                ObjectNode n = F.objectNode();
                putRatio(n, passed, passed + failed);
                n.put("passes", passed);
                n.put("fails", failed);
                return n;
            }
            default -> {
                return F.objectNode();
            }
        }
    }

    private static ObjectNode counter(long count, double seconds) {
        ObjectNode n = F.objectNode();
        n.put("count", count);
        n.put("rate", count / seconds);
        return n;
    }

    /** Latency statistics in ms; null, not 0, when nothing was measured (a 0 would pass any "p(95) < X" check). */
    private static ObjectNode trend(EndpointStats s) {
        ObjectNode n = F.objectNode();
        Histogram h = s.latencies();
        String[] keys = {"avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"};
        if (h.getTotalCount() == 0) {
            for (String k : keys) {
                n.putNull(k);
            }
            return n;
        }
        double[] micros = {
            h.getMean(),
            h.getMinValue(),
            h.getValueAtPercentile(50),
            h.getMaxValue(),
            h.getValueAtPercentile(90),
            h.getValueAtPercentile(95),
            h.getValueAtPercentile(99)
        };
        for (int i = 0; i < keys.length; i++) {
            n.put(keys[i], micros[i] / 1000.0);
        }
        return n;
    }

    /** A ratio, null when there is nothing to divide (no requests, no checks). */
    private static void putRatio(ObjectNode n, long part, long whole) {
        if (whole == 0) {
            n.putNull("value");
        } else {
            n.put("value", part / (double) whole);
        }
    }
}
