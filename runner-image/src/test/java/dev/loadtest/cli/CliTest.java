package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.cli.demo.DemoTarget;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.RunSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes, messages that name the field, and files CI scripts read. */
class CliTest {
    private static DemoTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0, new DemoTarget.Options(0.1, -1, 0));
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static String test(String thresholds) {
        return """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: cli-test}
                spec:
                  target: {url: "http://127.0.0.1:1"}
                  load: {users: 3, duration: 1s}
                  thresholds: %s
                  scenario:
                    tasks:
                      - name: query
                        request: {method: POST, path: /api/query, json: {q: hello}}
                        checks: [{status: 200}]
                """.formatted(thresholds);
    }

    @Test
    void validateAcceptsEveryExample() {
        Cli r = Cli.run(
                "validate",
                "../examples/local/smoke.yaml",
                "../examples/local/baseline.yaml",
                "../examples/local/load.yaml",
                "../examples/local/stress.yaml");
        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("smoke.yaml is valid").contains("stress.yaml is valid");
    }

    @Test
    void validateReportsEveryProblemWithItsPathAndExits2() throws Exception {
        Path bad = write("bad.yaml", """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  profile: soak
                  target: {url: "http://127.0.0.1:8080"}
                  load: {users: 10, rampUp: -5m, duration: 1m}
                  thresholds: ["http_req_duration: p(95) < 500xs"]
                  scenario:
                    tasks: [{request: {path: /x, headers: {Authorization: "Bearer ${token}"}}}]
                """);
        Cli r = Cli.run("validate", bad.toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err())
                .contains("spec.profile: found \"soak\"; expected one of smoke, baseline, load, stress")
                .contains("spec.load.rampUp: found \"-5m\"; a duration cannot be negative")
                .contains("spec.thresholds[0]: at character 31: unknown unit 'xs'")
                .contains("^")
                .contains("spec.scenario.tasks[0].request.headers.Authorization: ${token} is not defined");
    }

    @Test
    void validateClusterChecksWhatTheOperatorWill() throws Exception {
        Cli example = Cli.run(
                "validate",
                "--cluster",
                "../examples/cluster/checkout-load.yaml",
                "../examples/cluster/checkout-smoke-ci.yaml");
        assertThat(example.code()).describedAs(example.err()).isEqualTo(Main.OK);
        assertThat(example.out())
                .contains("checkout-load.yaml is valid for a cluster")
                .describedAs("generateName, and a target URL from a secret")
                .contains("checkout-smoke-ci.yaml is valid for a cluster");

        Path local = write("local.yaml", """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  target: {url: "http://127.0.0.1:8080"}
                  load: {users: 1, duration: 1s}
                  data: [{name: users, file: users.csv}]
                  scenario:
                    tasks: [{name: home, request: {path: /, headers: {Authorization: "Bearer ${env.TOKEN}"}}}]
                """);
        java.nio.file.Files.writeString(dir.resolve("users.csv"), "id\n1\n");
        Cli cluster = Cli.run("validate", "--cluster", local.toString());
        assertThat(cluster.code()).isEqualTo(Main.INVALID);
        assertThat(cluster.err())
                .contains("spec.data[0].file: a runner pod cannot read a local file")
                .contains("spec.scenario.tasks[0].request.headers.Authorization: ${env.TOKEN} is not declared");
    }

    @Test
    void validateClusterWarnsOfALoopbackTargetWithoutRefusingIt() throws Exception {
        Path f = write("loopback.yaml", """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  target: {url: "http://localhost:8080"}
                  load: {users: 1, duration: 1s}
                  scenario: {tasks: [{name: home, request: {path: /}}]}
                """);

        Cli r = Cli.run("validate", "--cluster", f.toString());

        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("loopback.yaml is valid for a cluster");
        assertThat(r.err())
                .contains("! " + f + ": spec.target.url: is http://localhost:8080: in a cluster that is the runner"
                        + " pod itself, not your service; use the service's name");
        assertThat(Cli.run("validate", f.toString()).err())
                .describedAs("on a laptop loopback is the usual target")
                .isEmpty();
    }

    /** As k6's __ENV.BASE_URL: CI passes the target from a secret; it used to crash at URI.create (exit 1). */
    @Test
    void aTargetUrlFromTheEnvironmentIsValidatedAndRunAgainst() throws Exception {
        Path f = write(
                "env-target.yaml",
                test("[\"http_req_failed: rate < 1%\"]")
                        .replace("\"http://127.0.0.1:1\"", "\"${env.BASE_URL}\"")
                        .replace(
                                "  scenario:",
                                "  env: [{name: BASE_URL, value: \"" + target.url() + "\"}]\n  scenario:"));
        assertThat(Cli.run("validate", "--cluster", f.toString()).code()).isEqualTo(Main.OK);
        long before = target.requestsSeen("POST /api/query");

        Cli r = Cli.run("run", f.toString(), "--quiet");

        assertThat(r.code()).describedAs(r.out() + r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("against " + target.url()).contains("target.........: " + target.url());
        assertThat(target.requestsSeen("POST /api/query")).isGreaterThan(before);

        Path undeclared = write("undeclared.yaml", Files.readString(f).replaceAll("  env: .*\n", ""));
        Cli cluster = Cli.run("validate", "--cluster", undeclared.toString());
        assertThat(cluster.code()).isEqualTo(Main.INVALID);
        assertThat(cluster.err()).contains("spec.target.url: ${env.BASE_URL} is not declared");
        Cli overridden = Cli.run("run", undeclared.toString(), "--target", target.url(), "--quiet");
        assertThat(overridden.code())
                .describedAs("--target still overrides: " + overridden.err())
                .isEqualTo(Main.OK);
    }

    /** A cluster's data form run on a laptop stops before sending anything, rather than sending empty values. */
    @Test
    void aDataSetFromAConfigMapWithoutAFileStopsALocalRun() throws Exception {
        Path f = write("cm-only.yaml", """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  target: {url: "http://127.0.0.1:9"}
                  load: {users: 1, duration: 1s}
                  data: [{name: queries, configMapKeyRef: {name: qs, key: queries.csv}}]
                  scenario:
                    tasks: [{name: q, request: {path: "/q?text=${data.queries.text}"}}]
                """);
        Cli r = Cli.run("run", f.toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err())
                .contains("spec.data[0]: 'queries' comes from config map qs (key queries.csv) in a cluster;"
                        + " for a run here add file:");
    }

    @Test
    void anUnknownFieldIsNamedWithASuggestion() throws Exception {
        Path bad = write("typo.yaml", test("[]").replace("duration: 1s", "duraton: 1s"));
        Cli r = Cli.run("run", bad.toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("spec.load.duraton: unknown field (did you mean 'duration'?)");
    }

    @Test
    void aMissingFileIsInvalidInput() {
        Cli r = Cli.run("run", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("nope.yaml is invalid").contains("does not exist");
    }

    @Test
    void badOverridesAreInvalidInput() throws Exception {
        Path f = write("ok.yaml", test("[]"));
        Cli r = Cli.run("run", f.toString(), "--duration", "soon", "--users", "0");
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("--duration: found \"soon\"").contains("--users: found 0; must be at least 1");
        assertThat(Cli.run("run", f.toString(), "--no-such-flag").code()).isEqualTo(Main.INVALID);
    }

    @Test
    void passingThresholdsExit0AndWriteK6StyleSummaryAndMergeableResults() throws Exception {
        Path f = write("pass.yaml", test("[\"http_req_duration: p(95) < 2s\", \"http_req_failed: rate < 1%\"]"));
        long before = target.requestsSeen("POST /api/query");
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", f.toString(), "--target", target.url(), "--out", out.toString(), "--quiet");
        assertThat(r.code()).describedAs(r.out() + r.err()).isEqualTo(Main.OK);
        long seen = target.requestsSeen("POST /api/query") - before;
        assertThat(r.out())
                .contains("✓ http_req_duration: p(95) < 2s")
                .contains("http_reqs")
                .contains("query");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/metrics/http_reqs/count").asLong())
                .describedAs("what the target saw")
                .isEqualTo(seen)
                .isPositive();
        assertThat(summary.at("/metrics/http_req_duration/p(95)").asDouble())
                .isPositive()
                .isLessThan(2000);
        // as k6's --summary-export writes a threshold: a boolean, true when it failed
        assertThat(summary.at("/metrics/http_req_duration/thresholds/p(95) < 2s")
                        .isBoolean())
                .isTrue();
        assertThat(summary.at("/metrics/http_req_duration/thresholds/p(95) < 2s")
                        .asBoolean())
                .isFalse();
        assertThat(summary.at("/metrics/http_req_failed/thresholds/rate < 1%").asBoolean())
                .isFalse();
        assertThat(summary.at("/metrics/checks/passes").asLong()).isEqualTo(seen);
        RunSnapshot results = ResultsFile.read(out.resolve("results.json"));
        assertThat(results.requests()).isEqualTo(seen);
        assertThat(results.intervals).isNotEmpty();
    }

    @Test
    void anAbortRuleStopsALocalRunAfterItsWindowAndKeepsTheResults() throws Exception {
        Path f = write(
                "abort.yaml",
                test("[]")
                        .replace("duration: 1s", "duration: 60s")
                        .replace("checks: [{status: 200}]", "checks: [{status: 201}]")
                        .replace("  thresholds: []", "  abort: [\"http_req_failed: rate > 50% for 2s\"]"));
        Path out = dir.resolve("out");
        long start = System.nanoTime();

        Cli r = Cli.run("run", f.toString(), "--target", target.url(), "--out", out.toString(), "--quiet");

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.err()).contains("aborted by the abort rule \"http_req_failed: rate > 50% for 2s\" (rate=100.00%)");
        assertThat(seconds).as("stopped after the 2 s window, long before 60 s").isBetween(2L, 20L);
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/metrics/http_reqs/count").asLong()).isPositive();
        assertThat(summary.at("/metrics/http_req_failed/thresholds/abort when rate > 50% for 2s")
                        .asBoolean())
                .describedAs("the rule that stopped the run is a failed threshold, as k6 marks abortOnFail")
                .isTrue();
    }

    @Test
    void aFailingThresholdExits99AndSaysWhichWithTheMeasuredValue() throws Exception {
        Path f = write("fail.yaml", test("[\"http_req_duration: p(95) < 1ms\", \"http_reqs: count > 0\"]"));
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", f.toString(), "--target", target.url(), "--out", out.toString(), "--quiet");
        assertThat(r.code()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out())
                .contains("✗ http_req_duration: p(95) < 1ms  →  p(95)=")
                .contains("✓ http_reqs: count > 0");
        assertThat(r.err()).contains("thresholds failed: 1 of 2");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/metrics/http_req_duration/thresholds/p(95) < 1ms")
                        .asBoolean())
                .describedAs("k6's summary-export: true means the threshold failed")
                .isTrue();
        assertThat(summary.at("/metrics/http_reqs/thresholds/count > 0").asBoolean())
                .isFalse();
    }

    @Test
    void theSmokeExampleRunsAgainstTheDemoTargetAndMatchesWhatItSaw() throws Exception {
        long queries = target.requestsSeen("POST /api/query");
        long complex = target.requestsSeen("POST /api/query/complex");
        long uploads = target.requestsSeen("POST /api/documents");
        long logins = target.requestsSeen("POST /api/auth/login");
        Path out = dir.resolve("smoke");
        Cli r = Cli.run(
                "run",
                "../examples/local/smoke.yaml",
                "--target",
                target.url(),
                "--duration",
                "3s",
                "--users",
                "20",
                "--out",
                out.toString(),
                "--quiet");
        assertThat(r.code()).describedAs(r.out() + r.err()).isEqualTo(Main.OK);
        RunSnapshot results = ResultsFile.read(out.resolve("results.json"));
        long seen = target.requestsSeen("POST /api/query")
                - queries
                + target.requestsSeen("POST /api/query/complex")
                - complex
                + target.requestsSeen("POST /api/documents")
                - uploads
                + target.requestsSeen("POST /api/auth/login")
                - logins;
        assertThat(results.requests()).isEqualTo(seen);
        assertThat(target.requestsSeen("POST /api/auth/login") - logins)
                .describedAs("20 users at 70/20/10: 2 admins log in")
                .isEqualTo(2);
        assertThat(results.totals.get("upload-document").http4xx)
                .describedAs("uploads carried the extracted token")
                .isZero();
        assertThat(target.stats().get("rejectedUploads").asLong()).isZero();
    }
}
