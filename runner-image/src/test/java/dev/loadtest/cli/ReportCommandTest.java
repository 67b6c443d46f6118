package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `loadtest report` against an API server (the Fabric8 mock) reached through a kubeconfig. */
@EnableKubernetesMockClient(crud = true)
class ReportCommandTest {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Path kubeconfig() throws Exception {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                contexts: [{name: mock, context: {cluster: mock, namespace: perf, user: u}}]
                current-context: mock
                users: [{name: u, user: {token: t}}]
                """.formatted(client.getConfiguration().getMasterUrl()));
        return f;
    }

    @Test
    void writesWhatRunOutWritesFromTheStoredResults() throws Exception {
        StatsCollector stats = new StatsCollector("baseline", 1000);
        stats.start(1_000L, () -> 3);
        for (int i = 0; i < 200; i++) {
            stats.endpoint("simple-query")
                    .record(10_000 + i * 100, i < 2 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 100, 200);
        }
        stats.sample(10_000);
        RunSnapshot snapshot = stats.snapshot();
        GenericKubernetesResource lt = new GenericKubernetesResourceBuilder()
                .withApiVersion("loadtest.dev/v1alpha1")
                .withKind("LoadTest")
                .withNewMetadata()
                .withName("baseline")
                .withNamespace("perf")
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec",
                        Map.of(
                                "target", Map.of("url", "http://api.perf.svc:8080"),
                                "load", Map.of("users", 3, "duration", "10s"),
                                "thresholds",
                                        java.util.List.of("http_req_failed: rate < 0.5%", "http_reqs: count == 200"),
                                "scenario",
                                        Map.of(
                                                "tasks",
                                                java.util.List.of(Map.of(
                                                        "name", "simple-query", "request", Map.of("path", "/q")))))))
                .build();
        client.genericKubernetesResources(ReportCommand.LOADTESTS)
                .inNamespace("perf")
                .resource(lt)
                .create();
        client.configMaps()
                .inNamespace("perf")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("baseline-results")
                        .endMetadata()
                        .withBinaryData(Map.of(
                                ResultsArchive.KEY,
                                Base64.getEncoder()
                                        .encodeToString(ResultsArchive.pack(snapshot, ResultsArchive.MAX_BYTES)
                                                .bytes())))
                        .build())
                .create();
        Path out = dir.resolve("out");
        Cli r = Cli.run("report", "baseline", "--kubeconfig", kubeconfig().toString(), "--out", out.toString());
        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out())
                .contains("✗ http_req_failed: rate < 0.5%  →  rate=1.00%")
                .contains("✓ http_reqs: count == 200")
                .contains("simple-query");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/metrics/http_reqs/count").asLong()).isEqualTo(200);
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"latencyMicros\"");
    }

    @Test
    void printsAndJudgesWhatTheTargetDid() throws Exception {
        StatsCollector stats = new StatsCollector("watched", 1000);
        stats.start(1_000L, () -> 1);
        stats.endpoint("home").record(10_000, Outcome.SUCCESS, 100, 200);
        stats.sample(3_000);
        dev.loadtest.engine.target.TargetObservations o = new dev.loadtest.engine.target.TargetObservations();
        o.hpa = "api";
        o.hpaMinReplicas = 2;
        o.hpaMaxReplicas = 4;
        for (int i = 0; i < 3; i++) {
            dev.loadtest.engine.target.TargetSample x = new dev.loadtest.engine.target.TargetSample(i * 1000L);
            x.replicas = 2 + i;
            x.pods = 2 + i;
            x.readyPods = 2 + i;
            x.cpu = 0.5 + i * 0.1;
            o.samples.add(x);
        }
        o.oomKilled = 1;
        o.restarts = 1;
        o.events.add(new dev.loadtest.engine.target.TargetEvent(1500, "OOMKilled", "api-1/app", "exit code 137"));
        client.genericKubernetesResources(ReportCommand.LOADTESTS)
                .inNamespace("perf")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("loadtest.dev/v1alpha1")
                        .withKind("LoadTest")
                        .withNewMetadata()
                        .withName("watched")
                        .withNamespace("perf")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "status",
                                Map.of(
                                        "phase",
                                        "Aborted",
                                        "abortedBy",
                                        "target.oomKilled: count > 0",
                                        "message",
                                        "aborted by the abort rule"),
                                "spec",
                                Map.of(
                                        "target",
                                        Map.of(
                                                "url",
                                                "http://api.perf.svc:8080",
                                                "workload",
                                                Map.of("hpa", "api", "podSelector", Map.of("app", "api"))),
                                        "load",
                                        Map.of("users", 1, "duration", "3s"),
                                        "thresholds",
                                        java.util.List.of("target.oomKilled: count == 0", "target.cpu: max < 80%"),
                                        "scenario",
                                        Map.of(
                                                "tasks",
                                                java.util.List.of(
                                                        Map.of("name", "home", "request", Map.of("path", "/")))))))
                        .build())
                .create();
        for (var cm : Map.of(
                        "watched-results",
                        Map.of(
                                ResultsArchive.KEY,
                                ResultsArchive.pack(stats.snapshot(), ResultsArchive.MAX_BYTES)
                                        .bytes()),
                        "watched-target",
                        Map.of(
                                dev.loadtest.engine.report.TargetArchive.KEY,
                                dev.loadtest.engine.report.TargetArchive.pack(o)))
                .entrySet()) {
            client.configMaps()
                    .inNamespace("perf")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(cm.getKey())
                            .endMetadata()
                            .withBinaryData(Map.of(
                                    cm.getValue().keySet().iterator().next(),
                                    Base64.getEncoder()
                                            .encodeToString(cm.getValue()
                                                    .values()
                                                    .iterator()
                                                    .next())))
                            .build())
                    .create();
        }
        Path out = dir.resolve("out");

        Cli r = Cli.run("report", "watched", "--kubeconfig", kubeconfig().toString(), "--out", out.toString());

        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out())
                .contains("✗ target.oomKilled: count == 0  →  count=1")
                .contains("✓ target.cpu: max < 80%  →  max=70.00%")
                .contains("hpa api ........ replicas 2..4, peak 4, at max 0s, 0 scaling event(s)")
                .contains("pods ............. peak 4 ready, 1 restart(s), 1 OOM kill(s)")
                .contains("terminated ....... api-1/app: OOMKilled (exit code 137)")
                .contains("phase Aborted, aborted by the abort rule \"target.oomKilled: count > 0\"")
                .contains("target.json");
        assertThat(Files.readString(out.resolve("target.json"))).contains("\"oomKilled\" : 1");
        assertThat(new ObjectMapper()
                        .readTree(out.resolve("summary.json").toFile())
                        .at("/metrics/target.oomKilled/thresholds/abort when count > 0")
                        .asBoolean())
                .describedAs("the abort rule that stopped the run, a failed threshold in summary.json")
                .isTrue();
    }

    /** 200 requests of simple-query, 2 of them failed (1 %). */
    private static RunSnapshot onePercentFailed() {
        StatsCollector stats = new StatsCollector("run", 1000);
        stats.start(1_000L, () -> 3);
        for (int i = 0; i < 200; i++) {
            stats.endpoint("simple-query")
                    .record(10_000 + i * 100, i < 2 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 100, 200);
        }
        stats.sample(10_000);
        return stats.snapshot();
    }

    /** A LoadTest as the operator leaves it: spec, status and the NAME-results ConfigMap. */
    /** A LoadTest and its results as the operator stores them: a ConfigMap the LoadTest owns. */
    private static void stored(String name, List<String> specThresholds, Map<String, Object> status, RunSnapshot s) {
        stored(name, Map.of("users", 3, "duration", "10s"), specThresholds, status, s);
    }

    private static void stored(
            String name,
            Map<String, Object> load,
            List<String> specThresholds,
            Map<String, Object> status,
            RunSnapshot s) {
        var lt = client.genericKubernetesResources(ReportCommand.LOADTESTS)
                .inNamespace("perf")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("loadtest.dev/v1alpha1")
                        .withKind("LoadTest")
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("perf")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "status",
                                status,
                                "spec",
                                Map.of(
                                        "target",
                                        Map.of("url", "http://api.perf.svc:8080"),
                                        "load",
                                        load,
                                        "thresholds",
                                        specThresholds,
                                        "scenario",
                                        Map.of(
                                                "tasks",
                                                List.of(Map.of(
                                                        "name", "simple-query", "request", Map.of("path", "/q")))))))
                        .build())
                .create();
        client.configMaps()
                .inNamespace("perf")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name + "-results")
                        .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                                .withApiVersion("loadtest.dev/v1alpha1")
                                .withKind("LoadTest")
                                .withName(name)
                                .withUid(lt.getMetadata().getUid())
                                .build())
                        .endMetadata()
                        .withBinaryData(Map.of(
                                ResultsArchive.KEY,
                                Base64.getEncoder()
                                        .encodeToString(ResultsArchive.pack(s, ResultsArchive.MAX_BYTES)
                                                .bytes())))
                        .build())
                .create();
    }

    private static Map<String, Object> judged(String expression, String measured, boolean ok) {
        return Map.of("expression", expression, "measured", measured, "ok", ok);
    }

    @Test
    void judgesByTheThresholdsTheRunWasJudgedByNotBySpecEditsMadeSince() throws Exception {
        // the run was judged by "rate < 0.5%" and failed; then someone relaxed the spec to "rate < 5%"
        stored(
                "edited",
                List.of("http_req_failed: rate < 5%"),
                Map.of(
                        "phase",
                        "Failed",
                        "verdict",
                        "Failed",
                        "thresholds",
                        List.of(judged("http_req_failed: rate < 0.5%", "rate=1.00%", false))),
                onePercentFailed());
        Path out = dir.resolve("out");

        Cli r = Cli.run("report", "edited", "--kubeconfig", kubeconfig().toString(), "--out", out.toString());

        assertThat(r.code())
                .describedAs("the exit code agrees with the status verdict; " + r.err())
                .isEqualTo(Main.THRESHOLDS_FAILED);
        assertThat(r.out()).contains("✗ http_req_failed: rate < 0.5%").doesNotContain("rate < 5%");
        assertThat(r.err()).doesNotContain("current spec");
        JsonNode thresholds = new ObjectMapper()
                .readTree(out.resolve("summary.json").toFile())
                .at("/metrics/http_req_failed/thresholds");
        assertThat(thresholds.has("rate < 0.5%")).isTrue();
        assertThat(thresholds.at("/rate < 0.5%").asBoolean())
                .describedAs("failed: true, as in k6's summary export")
                .isTrue();
        assertThat(thresholds.has("rate < 5%")).isFalse();
    }

    @Test
    void withoutAVerdictInStatusItJudgesByTheCurrentSpecAndSaysSo() throws Exception {
        stored(
                "old",
                List.of("http_req_failed: rate < 5%"),
                Map.of("phase", "Error", "message", "runner pod old-runner-0 failed: Evicted"),
                onePercentFailed());

        Path out = dir.resolve("out");
        Cli r = Cli.run("report", "old", "--kubeconfig", kubeconfig().toString(), "--out", out.toString());

        assertThat(r.out())
                .describedAs("the text says what summary.json says")
                .contains("✗ http_req_failed: rate < 5%  →  rate=1.00%");
        assertThat(new ObjectMapper()
                        .readTree(out.resolve("summary.json").toFile())
                        .at("/metrics/http_req_failed/thresholds/rate < 5%")
                        .asBoolean())
                .describedAs("summary.json of an Error run says no pass, as its exit code does")
                .isTrue();
        assertThat(r.err()).contains("holds no judged thresholds").contains("current spec");
        assertThat(r.code())
                .describedAs("partial results of a run that ended in Error are no pass")
                .isEqualTo(Main.ERROR);
        assertThat(r.err()).contains("ended in Error").contains("Evicted");
    }

    @Test
    void theSpecStoredWithTheResultsIsTheOneTheRunIsDescribedAndJudgedBy() throws Exception {
        stored(
                "respecified",
                List.of("http_req_failed: rate < 5%"), // the LoadTest's spec, edited after the run
                Map.of("phase", "Error", "message", "runner pod respecified-runner-0 failed: Evicted"),
                onePercentFailed());
        String started = """
                {"target": {"url": "http://api.perf.svc:8080"},
                 "load": {"users": 40, "duration": "10m", "rampUp": "2m"},
                 "thresholds": ["http_req_failed: rate < 0.5%"],
                 "scenario": {"tasks": [{"name": "simple-query", "request": {"path": "/q"}}]}}""";
        var cm = client.configMaps()
                .inNamespace("perf")
                .withName("respecified-results")
                .get();
        cm.getBinaryData()
                .put(
                        ResultsArchive.SPEC_KEY,
                        Base64.getEncoder().encodeToString(started.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        client.configMaps().inNamespace("perf").resource(cm).update();

        Cli r = report("respecified");

        assertThat(r.out())
                .contains("load...........: closed: 0→40 users over 2m, 40 users for 8m")
                .contains("✗ http_req_failed: rate < 0.5%")
                .doesNotContain("rate < 5%");
        assertThat(r.err()).doesNotContain("current spec");
    }

    @Test
    void anAbortRuleStopExitsAsRunDoesEvenWhenTheThresholdsPass() throws Exception {
        stored(
                "aborted",
                List.of("http_req_failed: rate < 5%"),
                Map.of(
                        "phase",
                        "Aborted",
                        "abortedBy",
                        "http_req_failed: rate > 0.5%",
                        "verdict",
                        "Passed",
                        "thresholds",
                        List.of(judged("http_req_failed: rate < 5%", "rate=1.00%", true))),
                onePercentFailed());

        Cli r = Cli.run("report", "aborted", "--kubeconfig", kubeconfig().toString());

        assertThat(r.out()).contains("✓ http_req_failed: rate < 5%");
        assertThat(r.code())
                .describedAs("`loadtest run` exits 99 when an abort rule fires")
                .isEqualTo(99);
        assertThat(r.err()).contains("aborted by the abort rule \"http_req_failed: rate > 0.5%\"");
    }

    @Test
    void aRunStoppedByRequestIsJudgedLikeCtrlCInRun() throws Exception {
        stored(
                "stopped",
                List.of("http_req_failed: rate < 5%"),
                Map.of(
                        "phase",
                        "Aborted",
                        "verdict",
                        "Passed",
                        "thresholds",
                        List.of(judged("http_req_failed: rate < 5%", "rate=1.00%", true))),
                onePercentFailed());

        Cli r = Cli.run("report", "stopped", "--kubeconfig", kubeconfig().toString());

        assertThat(r.code()).describedAs(r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("test...........: run  (stopped early)");
    }

    @Test
    void theTargetIsTheUrlTheRunWasAdmittedWith() throws Exception {
        stored(
                "admitted",
                List.of(),
                Map.of(
                        "phase",
                        "Passed",
                        "verdict",
                        "Passed",
                        "thresholds",
                        List.of(),
                        "targetUrl",
                        "http://shop-a/api"),
                onePercentFailed());

        assertThat(report("admitted").out()).contains("target.........: http://shop-a/api\n");
    }

    @Test
    void theLoadLineDescribesTheLoadShapeAsRunDoesAndHowManyRunnersSharedIt() throws Exception {
        Map<String, Object> load = Map.of("users", 40, "duration", "10m", "rampUp", "2m");
        RunSnapshot twoRunners = onePercentFailed();
        twoRunners.runners = 2;
        stored(
                "shaped",
                load,
                List.of(),
                Map.of("phase", "Passed", "verdict", "Passed", "thresholds", List.of()),
                twoRunners);
        // what `loadtest run` prints for the same load
        LoadTest local = LoadTestParser.parse("""
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: shaped}
                spec:
                  target: {url: "http://api.perf.svc:8080"}
                  load: {users: 40, duration: 10m, rampUp: 2m}
                  scenario: {tasks: [{name: simple-query, request: {path: /q}}]}
                """, "shaped.yaml");
        String runs =
                new LoadRun(local, "shaped.yaml", RunOptions.local(dir)).shape().describe();

        Cli r = report("shaped");

        assertThat(runs).isEqualTo("closed: 0→40 users over 2m, 40 users for 8m");
        assertThat(r.out())
                .contains("load...........: " + runs + "; 2 runner(s)\n")
                .describedAs("a run that ran its course")
                .doesNotContain("stopped early");
    }

    @Test
    void anInvalidLoadTestExitsAsRunWouldWithItsProblems() throws Exception {
        client.genericKubernetesResources(ReportCommand.LOADTESTS)
                .inNamespace("perf")
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("loadtest.dev/v1alpha1")
                        .withKind("LoadTest")
                        .withNewMetadata()
                        .withName("broken")
                        .withNamespace("perf")
                        .endMetadata()
                        .withAdditionalProperties(Map.of(
                                "status",
                                Map.of(
                                        "phase",
                                        "Invalid",
                                        "message",
                                        "invalid spec: spec.thresholds[0]: at character 31: unknown unit 'xs'")))
                        .build())
                .create();

        Cli r = report("broken");

        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("✗ LoadTest broken: invalid spec: spec.thresholds[0]: at character 31");
    }

    @Test
    void resultsOfAnEarlierLoadTestOfTheSameNameAreNotThisOnes() throws Exception {
        // deleted and applied again: the old run's ConfigMap waits for garbage collection
        stored("again", List.of(), Map.of("phase", "Running"), onePercentFailed());
        client.configMaps().inNamespace("perf").withName("again-results").edit(cm -> {
            cm.getMetadata()
                    .setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                            .withApiVersion("loadtest.dev/v1alpha1")
                            .withKind("LoadTest")
                            .withName("again")
                            .withUid("uid-of-the-deleted-one")
                            .build()));
            return cm;
        });

        Cli r = report("again");

        assertThat(r.code()).isEqualTo(Main.ERROR);
        assertThat(r.err()).contains("has no stored results yet (phase Running)");
    }

    /** {@code loadtest report NAME -n perf}, against the mock cluster. */
    private Cli report(String name) throws Exception {
        return Cli.run(
                "report", name, "-n", "perf", "--kubeconfig", kubeconfig().toString());
    }

    @Test
    void anUnknownLoadTestIsInvalidInputWithAClearMessage() throws Exception {
        Cli r = report("nope");
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("no LoadTest nope in namespace perf");
    }
}
