package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.cli.demo.DemoTarget;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.RunSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C stops gracefully: the summary is printed and the results saved. Runs the CLI as a real process. */
class CtrlCTest {
    @TempDir
    Path dir;

    @Test
    void interruptStopsGracefullyAndKeepsWhatWasMeasured() throws Exception {
        try (DemoTarget target = DemoTarget.start(0, new DemoTarget.Options(0.2, -1, 0))) {
            Path f = dir.resolve("long.yaml");
            Files.writeString(f, """
                    apiVersion: loadtest.dev/v1alpha1
                    kind: LoadTest
                    metadata: {name: long}
                    spec:
                      target: {url: "http://127.0.0.1:1"}
                      load: {users: 4, duration: 5m}
                      thresholds: ["http_req_failed: rate < 1%"]
                      scenario:
                        tasks: [{name: q, request: {method: POST, path: /api/query, json: {q: x}}}]
                    """);
            Path out = dir.resolve("out");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(withSigintDefault(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "run",
                            f.toString(),
                            "--target",
                            target.url(),
                            "--out",
                            out.toString(),
                            "--quiet"))
                    .redirectErrorStream(true)
                    .start();
            StringBuilder output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                }
            });
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (target.requestsSeen("POST /api/query") < 20 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            String threads = exited ? "" : threadDump(p.pid()); // what it waits for, should it hang
            if (!exited) {
                p.destroyForcibly().waitFor();
            }
            reader.join();
            assertThat(exited)
                    .describedAs("exits within the graceful stop; its output:%n%s%nits threads:%n%s", output, threads)
                    .isTrue();
            assertThat(output)
                    .contains("(stopped early)")
                    .contains("✓ http_req_failed: rate < 1%")
                    .contains("results written to");
            RunSnapshot results = ResultsFile.read(out.resolve("results.json"));
            assertThat(results.requests()).isPositive().isEqualTo(target.requestsSeen("POST /api/query"));
            assertThat(results.elapsedMs).isLessThan(60_000);
        }
    }

    /**
     * A build started in the background (CI, {@code cmd &}) runs with SIGINT ignored, and a child
     * inherits that: its JVM would then never see the Ctrl-C this test sends. GNU env puts SIGINT
     * back to its default for the CLI, as in a terminal.
     */
    private static List<String> withSigintDefault(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
        if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
            line.addAll(0, List.of("env", "--default-signal=INT"));
        }
        return line;
    }

    private static String threadDump(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd in " + jcmd.getParent() + ")";
        }
        Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                .redirectErrorStream(true)
                .start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dump.waitFor(20, TimeUnit.SECONDS);
        return text;
    }
}
