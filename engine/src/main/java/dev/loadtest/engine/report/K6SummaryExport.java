package dev.loadtest.engine.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json} in the shape of {@code k6 run --summary-export}, so CI scripts written for
 * k6 read it unchanged: {@code metrics.http_reqs.count}, {@code metrics.http_req_duration["p(95)"]}
 * (milliseconds), rates as fractions, and each threshold with {@code ok}.
 */
public final class K6SummaryExport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private K6SummaryExport() {}

    public static ObjectNode build(RunSnapshot run, List<ThresholdResult> thresholds) {
        ObjectNode root = F.objectNode();
        ObjectNode metrics = root.putObject("metrics");
        double seconds = Math.max(run.elapsedMs, 1) / 1000.0;
        EndpointStats all = run.overall();

        metrics.set("http_reqs", counter(all.requests(), seconds));
        metrics.set("http_req_duration", trend(all));
        ObjectNode failed = metrics.putObject("http_req_failed");
        failed.put("value", all.requests() == 0 ? 0 : all.failures() / (double) all.requests());
        failed.put("passes", all.failures()); // k6 counts a true value (a failure) as a pass of this rate
        failed.put("fails", all.success);
        long passed = run.checks.stream().mapToLong(c -> c.passed).sum();
        long checkFailed = run.checks.stream().mapToLong(c -> c.failed).sum();
        ObjectNode checks = metrics.putObject("checks");
        checks.put("value", passed + checkFailed == 0 ? 0 : passed / (double) (passed + checkFailed));
        checks.put("passes", passed);
        checks.put("fails", checkFailed);
        metrics.set("iterations", counter(run.iterations, seconds));
        metrics.set("dropped_iterations", counter(run.dropped, seconds));
        metrics.set("data_sent", counter(all.bytesSent, seconds));
        metrics.set("data_received", counter(all.bytesReceived, seconds));
        ObjectNode vusMax = metrics.putObject("vus_max");
        vusMax.put("value", run.maxUsers);
        vusMax.put("min", run.maxUsers);
        vusMax.put("max", run.maxUsers);

        for (ThresholdResult r : thresholds) {
            String key = r.threshold().metric().key;
            if (r.threshold().endpoint() != null) {
                key += "{name:" + r.threshold().endpoint() + "}";
                if (!metrics.has(key)) {
                    EndpointStats e = run.totals.get(r.threshold().endpoint());
                    metrics.set(
                            key,
                            r.threshold().metric() == Metric.HTTP_REQ_DURATION && e != null
                                    ? trend(e)
                                    : F.objectNode());
                }
            }
            ObjectNode m = metrics.has(key) ? (ObjectNode) metrics.get(key) : metrics.putObject(key);
            ObjectNode ts = m.has("thresholds") ? (ObjectNode) m.get("thresholds") : m.putObject("thresholds");
            String source = r.expression();
            int colon = source.indexOf(':', source.indexOf('}') + 1);
            ts.putObject(source.substring(colon + 1).trim()).put("ok", r.ok());
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

    private static ObjectNode counter(long count, double seconds) {
        ObjectNode n = F.objectNode();
        n.put("count", count);
        n.put("rate", count / seconds);
        return n;
    }

    private static ObjectNode trend(EndpointStats s) {
        ObjectNode n = F.objectNode();
        Histogram h = s.latencies();
        boolean empty = h.getTotalCount() == 0;
        n.put("avg", empty ? 0 : h.getMean() / 1000.0);
        n.put("min", empty ? 0 : h.getMinValue() / 1000.0);
        n.put("med", empty ? 0 : h.getValueAtPercentile(50) / 1000.0);
        n.put("max", empty ? 0 : h.getMaxValue() / 1000.0);
        n.put("p(90)", empty ? 0 : h.getValueAtPercentile(90) / 1000.0);
        n.put("p(95)", empty ? 0 : h.getValueAtPercentile(95) / 1000.0);
        n.put("p(99)", empty ? 0 : h.getValueAtPercentile(99) / 1000.0);
        return n;
    }
}
