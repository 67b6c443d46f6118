package dev.loadtest.engine.report;

import dev.loadtest.engine.run.RunResult;
import dev.loadtest.engine.stats.CheckStats;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.Measures;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The end-of-run summary, laid out like k6's so its readers find their way. */
public final class TextSummary {
    private TextSummary() {}

    public static String render(RunResult result, String target) {
        RunSnapshot run = result.snapshot();
        StringBuilder b = new StringBuilder();
        double seconds = Math.max(run.elapsedMs, 1) / 1000.0;
        EndpointStats all = run.overall();
        b.append('\n');
        b.append("     test...........: ")
                .append(run.name)
                .append(result.stoppedEarly() ? "  (stopped early)" : "")
                .append('\n');
        b.append("     target.........: ").append(target).append('\n');
        b.append("     load...........: ").append(result.shape()).append('\n');
        b.append(String.format(Locale.ROOT, "     ran............: %.1fs%n", seconds));
        b.append('\n');
        if (!result.thresholds().isEmpty()) {
            b.append("     thresholds\n");
            for (ThresholdResult t : result.thresholds()) {
                b.append("     ")
                        .append(t.ok() ? "✓ " : "✗ ")
                        .append(t.expression())
                        .append("  →  ")
                        .append(t.measuredText())
                        .append('\n');
            }
            b.append('\n');
        }
        long passed = run.checks.stream().mapToLong(c -> c.passed).sum();
        long failed = run.checks.stream().mapToLong(c -> c.failed).sum();
        if (passed + failed > 0) {
            line(
                    b,
                    "checks",
                    String.format(Locale.ROOT, "%.2f%% ✓ %d ✗ %d", 100.0 * passed / (passed + failed), passed, failed));
        }
        line(b, "data_received", bytes(all.bytesReceived) + "  " + bytes((long) (all.bytesReceived / seconds)) + "/s");
        line(b, "data_sent", bytes(all.bytesSent) + "  " + bytes((long) (all.bytesSent / seconds)) + "/s");
        line(b, "http_req_duration", trend(all.latencies()));
        line(
                b,
                "http_req_failed",
                String.format(
                        Locale.ROOT,
                        "%.2f%%  ✓ %d ✗ %d",
                        all.requests() == 0 ? 0 : 100.0 * all.failures() / all.requests(),
                        all.failures(),
                        all.success));
        line(b, "http_reqs", String.format(Locale.ROOT, "%d  %.2f/s", all.requests(), all.requests() / seconds));
        line(b, "iterations", String.format(Locale.ROOT, "%d  %.2f/s", run.iterations, run.iterations / seconds));
        if (run.dropped > 0) {
            line(b, "dropped_iterations", String.format(Locale.ROOT, "%d  %.2f/s", run.dropped, run.dropped / seconds));
        }
        line(b, "vus_max", String.valueOf(run.maxUsers));
        StringBuilder outcomes = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            long n = all.count(o);
            if (n > 0 || o == Outcome.SUCCESS) {
                outcomes.append(outcomes.isEmpty() ? "" : ", ")
                        .append(o.key)
                        .append(' ')
                        .append(n);
            }
        }
        line(b, "outcomes", outcomes.toString());
        if (all.clamped > 0) {
            line(b, "clamped", all.clamped + " latencies above 1h, recorded as 1h");
        }
        b.append('\n');
        endpoints(b, run.totals, seconds);
        checks(b, run.checks);
        return b.toString();
    }

    private static void endpoints(StringBuilder b, Map<String, EndpointStats> totals, double seconds) {
        int width = Math.max(
                8, totals.keySet().stream().mapToInt(String::length).max().orElse(8));
        b.append(String.format(
                Locale.ROOT,
                "     %-" + width + "s %8s %7s %8s %8s %8s %8s %8s %8s %8s%n",
                "endpoint",
                "reqs",
                "fail%",
                "req/s",
                "avg",
                "med",
                "p90",
                "p95",
                "p99",
                "max"));
        totals.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .forEach(e -> {
                    EndpointStats s = e.getValue();
                    Histogram h = s.latencies();
                    b.append(String.format(
                            Locale.ROOT,
                            "     %-" + width + "s %8d %6.2f%% %8.2f %8s %8s %8s %8s %8s %8s%n",
                            e.getKey(),
                            s.requests(),
                            s.requests() == 0 ? 0 : 100.0 * s.failures() / s.requests(),
                            s.requests() / seconds,
                            ms(h.getMean()),
                            ms(h.getValueAtPercentile(50)),
                            ms(h.getValueAtPercentile(90)),
                            ms(h.getValueAtPercentile(95)),
                            ms(h.getValueAtPercentile(99)),
                            ms(h.getMaxValue())));
                });
        b.append('\n');
    }

    private static void checks(StringBuilder b, List<CheckStats> checks) {
        if (checks.isEmpty()) {
            return;
        }
        b.append("     checks\n");
        for (CheckStats c : checks) {
            long total = c.passed + c.failed;
            String mark = c.failed == 0 ? "✓" : "✗";
            b.append(String.format(
                    Locale.ROOT,
                    "     %s %s  %s%n",
                    mark,
                    c.key(),
                    c.failed == 0
                            ? total + " passed"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f%% — ✓ %d / ✗ %d",
                                    total == 0 ? 0 : 100.0 * c.passed / total,
                                    c.passed,
                                    c.failed)));
        }
        b.append('\n');
    }

    private static String trend(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no requests";
        }
        return "avg=" + ms(h.getMean()) + " min=" + ms(h.getMinValue()) + " med=" + ms(h.getValueAtPercentile(50))
                + " max=" + ms(h.getMaxValue()) + " p(90)=" + ms(h.getValueAtPercentile(90)) + " p(95)="
                + ms(h.getValueAtPercentile(95)) + " p(99)=" + ms(h.getValueAtPercentile(99));
    }

    private static String ms(double micros) {
        return Measures.millis(micros / 1000.0);
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append("     ")
                .append(name)
                .append(".".repeat(Math.max(2, 24 - name.length())))
                .append(": ")
                .append(value)
                .append('\n');
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }
}
