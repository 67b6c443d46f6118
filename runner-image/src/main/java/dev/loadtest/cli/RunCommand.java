package dev.loadtest.cli;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.cli.demo.DemoTarget;
import dev.loadtest.engine.report.TargetText;
import dev.loadtest.engine.report.TextSummary;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.run.Overrides;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunResult;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loadtest run FILE}: runs a LoadTest here, prints a k6-like summary, saves results. */
@Command(
        name = "run",
        description =
                "Runs a LoadTest on this machine. Exit 0 if all thresholds pass, 99 if one fails, 2 for invalid input.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "LoadTest YAML file")
    Path file;

    @Option(names = "--target", paramLabel = "URL", description = "Override spec.target.url")
    String target;

    @Option(names = "--users", paramLabel = "N", description = "Override the users (a constant closed model)")
    Integer users;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description = "Override the duration (e.g. 30s); ramp-up and stages scale with it")
    String duration;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write results.json (raw, mergeable) and summary.json (k6 --summary-export shape)")
    Path out;

    @Option(
            names = "--with-demo-target",
            description = "Start the bundled demo target on a free loopback port and run against it")
    boolean withDemoTarget;

    @Option(
            names = "--interval",
            paramLabel = "D",
            hidden = true,
            description = "Statistics interval (default from the duration)")
    String interval;

    @Option(names = "--quiet", description = "No live progress line")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoTarget demo = null;
        try {
            LoadTest test = LoadTestFiles.read(file);
            if (withDemoTarget) {
                demo = DemoTarget.start(0, DemoTarget.Options.defaults());
                target = demo.url();
                out.println("demo target listening on " + target);
            }
            Overrides.apply(test, file.toString(), target, users, duration);
            long intervalMs = interval == null
                    ? 0
                    : dev.loadtest.api.units.Durations.parse(interval).toMillis();
            Path base = file.toAbsolutePath().getParent();
            LoadRun run =
                    new LoadRun(test, file.toString(), RunOptions.local(base).withIntervalMs(intervalMs));
            String targetUrl = run.targetUrl() != null ? run.targetUrl() : "(absolute URLs)";
            out.println("running " + file + " against " + targetUrl);
            out.println("  " + run.shape().describe());
            if (test.spec.target != null && test.spec.target.workload != null) {
                out.println("  note: spec.target.workload is watched by the operator in a cluster; here target.*"
                        + " thresholds have no data");
            }
            out.flush();
            LocalPrometheusWatch prometheus = new LocalPrometheusWatch(
                    test.spec.target == null ? null : test.spec.target.prometheus, System.getenv(), err);
            LocalAbortWatch abort = new LocalAbortWatch(test.spec.abort, run, prometheus::observations);

            CountDownLatch finished = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                run.stop(); // Ctrl-C: stop gracefully, then print and save what was measured
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            RunResult result;
            ProgressLine progress = new ProgressLine(out, quiet);
            try {
                result = run.run(p -> {
                    progress.show(p);
                    if (prometheus.active() || !abort.idle()) {
                        RunSnapshot now = run.liveSnapshot();
                        prometheus.start(now.startEpochMs);
                        abort.tick(now);
                    }
                });
                progress.end();
                prometheus.finish(result.snapshot().startEpochMs);
                TargetObservations observed = prometheus.observations();
                if (observed != null) { // prometheus.* thresholds are judged on what was sampled
                    result = new RunResult(
                            result.snapshot(),
                            ThresholdEvaluator.evaluate(
                                    result.thresholds().stream()
                                            .map(ThresholdResult::expression)
                                            .toList(),
                                    result.snapshot(),
                                    observed),
                            result.stoppedEarly(),
                            result.shape());
                }
                out.print(TextSummary.render(result, targetUrl));
                if (observed != null) {
                    out.print(TargetText.render(observed));
                }
                if (this.out != null) {
                    ResultsWriter.write(
                            this.out,
                            result.snapshot(),
                            result.thresholds(),
                            observed,
                            abort.fired() == null ? null : abort.fired().rule());
                    out.println("     results written to " + this.out + "/ (results.json, summary.json"
                            + (observed != null ? ", target.json" : "") + ")");
                }
                out.flush();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting because of Ctrl-C; the hook is already running
                }
            }
            if (abort.fired() != null) {
                err.println("aborted by the abort rule \"" + abort.fired().rule() + "\" ("
                        + abort.fired().measured() + "); results so far were kept");
                return Main.THRESHOLDS_FAILED;
            }
            if (result.thresholds().isEmpty() || result.passed()) {
                return Main.OK;
            }
            err.println("thresholds failed: "
                    + result.thresholds().stream().filter(t -> !t.ok()).count() + " of "
                    + result.thresholds().size());
            return Main.THRESHOLDS_FAILED;
        } catch (InvalidLoadTestException e) {
            err.println("✗ " + e.getMessage());
            return Main.INVALID;
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }
}
