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
import java.util.List;
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

    // The environment is read here, not through picocli's "${env:...}" default values: picocli
    // expands variables again inside the value it read, so every ${vu.id}, ${env.TOKEN} or
    // ${data.x.y} of the spec became "null" in a runner pod (and "$${" lost its escape).
    @Option(names = "--spec", description = "The LoadTest (JSON or YAML); default: environment variable LOADTEST_SPEC")
    String spec;

    @Option(names = "--runner-index", description = "This runner's index; default: LOADTEST_RUNNER_INDEX, else 0")
    Integer index;

    @Option(
            names = "--runner-count",
            description = "How many runners share the load; default: LOADTEST_RUNNER_COUNT, else 1")
    Integer count;

    @Option(names = "--port", description = "The agent API's port; default: LOADTEST_AGENT_PORT, else 8089")
    Integer port;

    @Option(
            names = "--linger",
            defaultValue = "1h",
            description = "How long finished results are kept for the operator before exiting anyway")
    String linger;

    @Option(
            names = "--sidecar-quit-urls",
            split = ",",
            description = "Mesh sidecar endpoints asked to quit on exit; default: LOADTEST_SIDECAR_QUIT_URLS")
    java.util.List<String> sidecarQuitUrls;

    /** Where the LOADTEST_* settings come from when not given as options: the process's environment. */
    java.util.Map<String, String> environment = System.getenv();

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
        String spec = this.spec != null ? this.spec : environment.get("LOADTEST_SPEC");
        if (spec == null || spec.isBlank()) {
            cmd.commandLine().getErr().println("error: no LoadTest: set LOADTEST_SPEC or --spec");
            return Main.INVALID;
        }
        int index;
        int count;
        int port;
        try {
            index = this.index != null ? this.index : number("LOADTEST_RUNNER_INDEX", 0);
            count = this.count != null ? this.count : number("LOADTEST_RUNNER_COUNT", 1);
            port = this.port != null ? this.port : number("LOADTEST_AGENT_PORT", 8089);
        } catch (IllegalArgumentException e) {
            cmd.commandLine().getErr().println("error: " + e.getMessage());
            return Main.INVALID;
        }
        if (sidecarQuitUrls == null && environment.get("LOADTEST_SIDECAR_QUIT_URLS") != null) {
            sidecarQuitUrls =
                    List.of(environment.get("LOADTEST_SIDECAR_QUIT_URLS").split(","));
        }
        LoadTest test;
        try {
            test = LoadTestParser.parse(spec, "LOADTEST_SPEC");
        } catch (InvalidLoadTestException e) {
            cmd.commandLine().getErr().println("✗ " + e.getMessage());
            quitSidecars(); // or a mesh sidecar keeps the pod, and its requests, until its deadline
            return Main.INVALID;
        }
        RunOptions options = RunOptions.local(null).withShare(new RunnerShare(index, count));
        RunnerAgent prepared;
        try {
            prepared = new RunnerAgent(test, "runner-" + index, options, new InetSocketAddress(port));
        } catch (InvalidLoadTestException e) {
            // what this pod lacks (a secret's value, a data file, a target URL): the last lines of
            // the log become the pod's termination message, which the operator's error quotes
            cmd.commandLine().getErr().println("✗ " + e.getMessage());
            quitSidecars();
            return Main.INVALID;
        }
        try (RunnerAgent agent = prepared) {
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

    /** An integer setting from the environment, or {@code otherwise} when it is not set. */
    private int number(String variable, int otherwise) {
        String v = environment.get(variable);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    variable + " must be a whole number, not \"" + v + "\" (set by the operator in a runner pod)");
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
