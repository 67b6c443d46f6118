package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.cli.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The runner pod's entrypoint, driven the way the operator drives it. */
class AgentCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode call(String method, int port, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return JSON.readTree(
                HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A mesh sidecar on loopback that counts the calls to its quit endpoint in {@code quits}. */
    private static HttpServer sidecar(AtomicInteger quits) throws Exception {
        HttpServer sidecar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        sidecar.createContext("/quitquitquit", ex -> {
            quits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        sidecar.start();
        return sidecar;
    }

    /** {@code loadtest agent} as a process of its own, configured by the environment as in a runner pod. */
    private static ProcessBuilder agentProcess() {
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "agent")
                .redirectErrorStream(true);
    }

    /** As the operator drives a runner: start it soon, wait until it finished, tell it to exit. */
    private static void runThenShutDown(Process p) throws Exception {
        int port = agentPort(p);
        call("POST", port, "/start?at=" + (System.currentTimeMillis() + 200));
        awaitFinished(port);
        call("POST", port, "/shutdown");
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    /** The port the agent process says it listens on. */
    private static int agentPort(Process p) throws Exception {
        return Integer.parseInt(listeningPort(new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static void awaitFinished(int port) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> call("GET", port, "/status").get("state").asText().equals("FINISHED"));
    }

    /** A target on loopback that answers every request 204 and tells {@code seen} of it. */
    private static HttpServer answering204(java.util.function.Consumer<com.sun.net.httpserver.HttpExchange> seen)
            throws java.io.IOException {
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/", ex -> {
            seen.accept(ex);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        target.start();
        return target;
    }

    /** The port the agent says it listens on (its first lines of output). */
    private static String listeningPort(java.io.BufferedReader lines) throws java.io.IOException {
        Pattern listening = Pattern.compile("listening on :(\\d+)");
        String said = null;
        for (String line; said == null && (line = lines.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            said = m.find() ? m.group(1) : null;
        }
        assertThat(said).describedAs("the agent says where it listens").isNotNull();
        return said;
    }

    @Test
    void servesItsShareStartsOnCueHandsOverResultsAndAsksTheSidecarToQuit() throws Exception {
        AtomicInteger quits = new AtomicInteger();
        HttpServer sidecar = sidecar(quits);
        try (DemoTarget target = DemoTarget.start(0, new DemoTarget.Options(0, -1, 0))) {
            String spec = """
                    {"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","metadata":{"name":"a"},
                     "spec":{"target":{"url":"%s"},"load":{"users":6,"duration":"1s"},
                             "scenario":{"tasks":[{"name":"q","request":{"method":"POST","path":"/api/query","json":{"q":"x"}}}]}}}
                    """.formatted(target.url());
            StringWriter out = new StringWriter();
            AtomicReference<Integer> code = new AtomicReference<>();
            Thread agent = Thread.ofVirtual()
                    .start(() -> code.set(Main.execute(
                            new PrintWriter(out, true),
                            new PrintWriter(new StringWriter(), true),
                            "agent",
                            "--spec",
                            spec,
                            "--runner-index",
                            "1",
                            "--runner-count",
                            "3",
                            "--port",
                            "0",
                            "--linger",
                            "30s",
                            "--sidecar-quit-urls",
                            "http://127.0.0.1:" + sidecar.getAddress().getPort() + "/quitquitquit")));
            Pattern listening = Pattern.compile("listening on :(\\d+)");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> listening.matcher(out.toString()).find());
            Matcher m = listening.matcher(out.toString());
            m.find();
            int port = Integer.parseInt(m.group(1));
            assertThat(call("GET", port, "/status").get("state").asText()).isEqualTo("READY");
            call("POST", port, "/start?at=" + (System.currentTimeMillis() + 300));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            call("GET", port, "/status").get("state").asText().equals("FINISHED"));
            JsonNode snapshot = call("GET", port, "/snapshot");
            assertThat(snapshot.get("maxUsers").asInt())
                    .describedAs("runner 1 of 3 runs 2 of 6 users")
                    .isEqualTo(2);
            long requests = 0;
            for (JsonNode e : snapshot.get("totals")) {
                requests += e.get("requests").asLong();
            }
            assertThat(requests).isPositive().isEqualTo(target.requestsSeen("POST /api/query"));
            call("POST", port, "/shutdown");
            agent.join(Duration.ofSeconds(10));
            assertThat(code.get()).isEqualTo(Main.OK);
            assertThat(quits.get())
                    .describedAs("asked the mesh sidecar to quit so the pod completes")
                    .isEqualTo(1);
        } finally {
            sidecar.stop(0);
        }
    }

    /** As in a runner pod: configured by the environment the operator sets, nothing on the command line. */
    @Test
    void inARunnerPodTheEnvironmentNamesTheSidecarToQuit() throws Exception {
        AtomicInteger quits = new AtomicInteger();
        HttpServer sidecar = sidecar(quits);
        Process p = null;
        try (DemoTarget target = DemoTarget.start(0, new DemoTarget.Options(0, -1, 0))) {
            ProcessBuilder pb = agentProcess();
            pb.environment().put("LOADTEST_SPEC", """
                    {"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","metadata":{"name":"a"},
                     "spec":{"target":{"url":"%s"},"load":{"users":1,"duration":"300ms"},
                             "scenario":{"tasks":[{"name":"q","request":{"method":"POST","path":"/api/query","json":{"q":"x"}}}]}}}
                    """.formatted(target.url()));
            pb.environment().put("LOADTEST_RUNNER_INDEX", "0");
            pb.environment().put("LOADTEST_RUNNER_COUNT", "1");
            pb.environment().put("LOADTEST_AGENT_PORT", "0");
            pb.environment()
                    .put(
                            "LOADTEST_SIDECAR_QUIT_URLS",
                            "http://127.0.0.1:1/none,http://127.0.0.1:"
                                    + sidecar.getAddress().getPort() + "/quitquitquit");
            p = pb.start();
            runThenShutDown(p);
            assertThat(p.exitValue()).isEqualTo(Main.OK);
            assertThat(quits.get())
                    .describedAs("LOADTEST_SIDECAR_QUIT_URLS was read: the sidecar was asked to quit")
                    .isEqualTo(1);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            sidecar.stop(0);
        }
    }

    /**
     * The spec in LOADTEST_SPEC is the spec: its templates are the engine's to fill, per request.
     * picocli's "${env:LOADTEST_SPEC}" default expanded them again, into "null".
     */
    @Test
    void templatesInTheEnvironmentsSpecAreFilledPerRequestAsInALocalRun() throws Exception {
        java.util.Queue<String> paths = new java.util.concurrent.ConcurrentLinkedQueue<>();
        HttpServer target = answering204(ex -> paths.add(
                ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("X-Who")));
        Process p = null;
        try {
            ProcessBuilder pb = agentProcess();
            pb.environment()
                    .put("LOADTEST_SPEC", """
                    {"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","metadata":{"name":"a"},
                     "spec":{"target":{"url":"http://127.0.0.1:%d"},"env":[{"name":"TOKEN","value":"t0k"}],
                             "load":{"users":1,"duration":"300ms"},
                             "scenario":{"tasks":[{"name":"u","request":{"path":"/u/${vu.id}/${env.TOKEN}/$${kept}",
                               "headers":{"X-Who":"user ${vu.id}"}}}]}}}
                    """.formatted(target.getAddress().getPort()));
            pb.environment().put("LOADTEST_AGENT_PORT", "0");
            p = pb.start();
            runThenShutDown(p);
            assertThat(paths).isNotEmpty().allMatch("/u/0/t0k/${kept} user 0"::equals);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            target.stop(0);
        }
    }

    /**
     * Runner 1 of 3 as a pod runs it, configured by the environment alone: its share of the users
     * (their global ids), no request before the published start, and a start sent twice (the
     * operator retries one it is not sure landed) runs the load once, from the first time. Misread,
     * every runner would run share 0: the users doubled, and the target's count would still match.
     */
    @Test
    void aRunnerPodRunsItsOwnShareFromThePublishedStartOnce() throws Exception {
        java.util.Queue<Long> times = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.Set<String> users = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpServer target = answering204(ex -> {
            times.add(System.currentTimeMillis());
            users.add(ex.getRequestURI().getPath());
        });
        Process p = null;
        try {
            ProcessBuilder pb = agentProcess();
            pb.environment()
                    .put("LOADTEST_SPEC", """
                    {"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","metadata":{"name":"a"},
                     "spec":{"target":{"url":"http://127.0.0.1:%d"},"load":{"users":6,"duration":"400ms"},
                             "thinkTime":{"constant":"20ms"},
                             "scenario":{"tasks":[{"name":"u","request":{"path":"/u/${vu.id}"}}]}}}
                    """.formatted(target.getAddress().getPort()));
            pb.environment().put("LOADTEST_RUNNER_INDEX", "1");
            pb.environment().put("LOADTEST_RUNNER_COUNT", "3");
            pb.environment().put("LOADTEST_AGENT_PORT", "0");
            p = pb.start();
            int port = agentPort(p);
            long at = System.currentTimeMillis() + 700;
            call("POST", port, "/start?at=" + at);
            call("POST", port, "/start?at=" + (System.currentTimeMillis() + 50)); // a retry, with another time
            awaitFinished(port);
            JsonNode status = call("GET", port, "/status");
            JsonNode snapshot = call("GET", port, "/snapshot");
            call("POST", port, "/shutdown");
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(snapshot.get("maxUsers").asInt())
                    .describedAs("2 of the 6 users")
                    .isEqualTo(2);
            assertThat(users)
                    .describedAs("runner 1's users: global ids 1 and 4")
                    .containsExactlyInAnyOrder("/u/1", "/u/4");
            assertThat(times).isNotEmpty().allMatch(t -> t >= at);
            assertThat(status.get("startedAtEpochMs").asLong())
                    .isGreaterThanOrEqualTo(at)
                    .isLessThan(at + 500);
            long requests = 0;
            for (JsonNode e : snapshot.get("totals")) {
                requests += e.get("requests").asLong();
            }
            assertThat(requests).isEqualTo(times.size());
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            target.stop(0);
        }
    }

    /** A setting the operator sets that is not a number is named, not a stack trace. */
    @Test
    void aBadRunnerIndexInTheEnvironmentIsNamed() throws Exception {
        ProcessBuilder pb = agentProcess();
        pb.environment().put("LOADTEST_SPEC", "{}");
        pb.environment().put("LOADTEST_RUNNER_INDEX", "one");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.INVALID);
        assertThat(out).contains("LOADTEST_RUNNER_INDEX must be a whole number, not \"one\"");
    }

    /** A node drain or eviction: SIGTERM mid-run. The runner stops and keeps its results for the operator. */
    @Test
    void aTerminatedRunnerStopsAndHoldsItsResultsUntilTheyAreCollected() throws Exception {
        Process p = null;
        try (DemoTarget target = DemoTarget.start(0, new DemoTarget.Options(0, -1, 0))) {
            ProcessBuilder pb = agentProcess();
            pb.environment().put("LOADTEST_SPEC", """
                    {"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","metadata":{"name":"a"},
                     "spec":{"target":{"url":"%s"},"load":{"users":2,"duration":"60s"},
                             "scenario":{"tasks":[{"name":"q","request":{"method":"POST","path":"/api/query","json":{"q":"x"}}}]}}}
                    """.formatted(target.url()));
            pb.environment().put("LOADTEST_AGENT_PORT", "0");
            p = pb.start();
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String said = listeningPort(lines);
            Thread.ofVirtual().start(() -> {
                try {
                    lines.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException ignored) {
                    // the process is gone
                }
            });
            int port = Integer.parseInt(said);
            call("POST", port, "/start?at=" + (System.currentTimeMillis() + 200));
            await().atMost(Duration.ofSeconds(10)).until(() -> target.requestsSeen("POST /api/query") > 20);

            p.destroy(); // SIGTERM, as the kubelet sends it
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            call("GET", port, "/status").get("state").asText().equals("FINISHED"));
            long requests = 0;
            for (JsonNode e : call("GET", port, "/snapshot").get("totals")) {
                requests += e.get("requests").asLong();
            }
            assertThat(requests)
                    .describedAs("its results, still served after SIGTERM")
                    .isPositive()
                    .isEqualTo(target.requestsSeen("POST /api/query"));
            assertThat(p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS))
                    .describedAs("held until the operator has collected them")
                    .isFalse();
            call("POST", port, "/shutdown");
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                    .describedAs("exits once told")
                    .isTrue();
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** What the pod lacks (a secret's value here) is said, and exits 2: the pod's termination message. */
    @Test
    void anAgentMissingWhatItsSpecNeedsSaysWhatAndExitsAsInvalid() throws Exception {
        String spec = """
                {"apiVersion": "loadtest.dev/v1alpha1", "kind": "LoadTest",
                 "spec": {"target": {"url": "${env.BASE_URL}"}, "load": {"users": 1, "duration": "1s"},
                          "scenario": {"tasks": [{"request": {"path": "/"}}]}}}""";

        AtomicInteger quits = new AtomicInteger();
        HttpServer sidecar = sidecar(quits);
        try {
            Cli r = Cli.run(
                    "agent",
                    "--spec",
                    spec,
                    "--port",
                    "0",
                    "--sidecar-quit-urls",
                    "http://127.0.0.1:" + sidecar.getAddress().getPort() + "/quitquitquit");

            assertThat(r.code()).isEqualTo(Main.INVALID);
            assertThat(r.err()).contains("✗ ").contains("spec.target.url: ${env.BASE_URL} is not set");
            assertThat(quits.get())
                    .describedAs("a mesh sidecar would keep the pod until its deadline")
                    .isEqualTo(1);
        } finally {
            sidecar.stop(0);
        }
    }

    @Test
    void anAgentWithoutASpecIsInvalidInput() {
        Cli r = Cli.run("agent", "--spec", "", "--port", "0");
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("LOADTEST_SPEC");
    }
}
