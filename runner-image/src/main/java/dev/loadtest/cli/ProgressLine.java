package dev.loadtest.cli;

import dev.loadtest.engine.run.Progress;
import dev.loadtest.engine.threshold.Measures;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live line: elapsed/total, users, req/s, p95, error %. Redrawn in place on a terminal; on a
 * pipe (CI logs) printed every 10 seconds instead, so logs stay readable.
 */
final class ProgressLine {
    private final PrintWriter out;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private long lastPrintedMs = -1;
    private boolean drawn;

    ProgressLine(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    void show(Progress p) {
        if (quiet) {
            return;
        }
        String line = String.format(
                Locale.ROOT,
                "  [%s / %s]  users %d  req/s %.1f  p95 %s  errors %.2f%%  requests %d",
                clock(p.elapsedMs()),
                clock(p.totalMs()),
                p.users(),
                p.requestsPerSecond(),
                Double.isNaN(p.p95Ms()) ? "-" : Measures.millis(p.p95Ms()),
                p.errorRate() * 100,
                p.requests());
        if (terminal) {
            out.print("\r" + line + "   ");
            drawn = true;
            out.flush();
        } else if (lastPrintedMs < 0 || p.elapsedMs() - lastPrintedMs >= 10_000) {
            out.println(line);
            out.flush();
            lastPrintedMs = p.elapsedMs();
        }
    }

    void end() {
        if (drawn) {
            out.println();
        }
    }

    private static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
