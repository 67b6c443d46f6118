package dev.loadtest.cli;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.RunnerAgent;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunnerShare;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest agent}: the runner pod's entrypoint. Serves the agent API (see {@link RunnerAgent}),
 * runs its share of the load from the common start time, keeps its final results until the operator
 * has collected them, then exits, asking a service-mesh sidecar to quit so the pod completes.
 */
@Command(
        name = "agent",
        description =
                "Runs as a runner pod: serves status and snapshots to the operator, runs this runner's share of the load.")
final class AgentCommand implements Callable<Integer> {
    /** How long a terminated runner keeps its results for the operator: under the pod's 40 s grace. */
    static final java.time.Duration TERMINATION_HOLD = java.time.Duration.ofSeconds(30);

    @Option(
            names = "--spec",
            defaultValue = "${env:LOADTEST_SPEC}",
            description = "The LoadTest (JSON or YAML); default $LOADTEST_SPEC")
    String spec;

    @Option(names = "--runner-index", defaultValue = "${env:LOADTEST_RUNNER_INDEX:-0}")
    int index;

    @Option(names = "--runner-count", defaultValue = "${env:LOADTEST_RUNNER_COUNT:-1}")
    int count;

    @Option(names = "--port", defaultValue = "${env:LOADTEST_AGENT_PORT:-8089}")
    int port;

    @Option(
            names = "--linger",
            defaultValue = "1h",
            description = "How long finished results are kept for the operator before exiting anyway")
    String linger;

    @Option(names = "--sidecar-quit-urls", defaultValue = "${env:LOADTEST_SIDECAR_QUIT_URLS:-}", split = ",")
    java.util.List<String> sidecarQuitUrls;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
        if (spec == null || spec.isBlank()) {
            cmd.commandLine().getErr().println("error: no LoadTest: set LOADTEST_SPEC or --spec");
            return Main.INVALID;
        }
        LoadTest test;
        try {
            test = LoadTestParser.parse(spec, "LOADTEST_SPEC");
        } catch (InvalidLoadTestException e) {
            cmd.commandLine().getErr().println("✗ " + e.getMessage());
            return Main.INVALID;
        }
        RunOptions options = RunOptions.local(null).withShare(new RunnerShare(index, count));
        try (RunnerAgent agent = new RunnerAgent(test, "runner-" + index, options, new InetSocketAddress(port))) {
            cmd.commandLine().getOut().println("agent " + index + "/" + count + " listening on :" + agent.port());
            cmd.commandLine().getOut().flush();
            // SIGTERM (a drain, an eviction): stop gracefully and hand over what was measured; the
            // pod's grace period (40 s, RunnerPods) leaves the operator time to collect it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    agent.terminate(TERMINATION_HOLD);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long lingerMs = dev.loadtest.api.units.Durations.parse(linger).toMillis();
            boolean told = false;
            while (!told && !done(agent)) {
                told = agent.awaitShutdown(1, TimeUnit.SECONDS);
            }
            if (!told) {
                agent.awaitShutdown(lingerMs, TimeUnit.MILLISECONDS); // keep results until collected
            }
            boolean ok = agent.status().state() != AgentState.FAILED;
            cmd.commandLine()
                    .getOut()
                    .println("agent " + index + " exiting: " + agent.status().message());
            quitSidecars();
            return ok ? Main.OK : Main.ERROR;
        }
    }

    private static boolean done(RunnerAgent agent) {
        AgentState s = agent.status().state();
        return s == AgentState.FINISHED || s == AgentState.FAILED;
    }

    /** A mesh sidecar would keep the pod Running after we exit; ask it to quit (best effort). */
    private void quitSidecars() {
        if (sidecarQuitUrls == null) {
            return;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (String url : sidecarQuitUrls) {
            if (url.isBlank()) {
                continue;
            }
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(url.trim()))
                                .timeout(Duration.ofSeconds(2))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception ignored) {
                // no sidecar there
            }
        }
    }
}
