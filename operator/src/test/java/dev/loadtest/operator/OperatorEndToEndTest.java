package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.results.ResultsStore;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * From "kubectl apply" to a verdict, on the Fabric8 mock server with a simulated kubelet that runs
 * the real runner agent against a real loopback target.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndToEndTest {
    @Inject
    KubernetesClient client;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private SimulatedCluster cluster;
    private CountingTarget target;
    private String ns;
    private LoadTests tests;

    @BeforeEach
    void setUp() throws Exception {
        ns = client.getNamespace() == null ? "test" : client.getNamespace();
        cluster = new SimulatedCluster(client, ns);
        target = new CountingTarget(5);
        tests = new LoadTests(client, ns);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        target.close();
    }

    private LoadTestResource apply(String specYaml) {
        return tests.apply(specYaml.replace("TARGET", target.url()));
    }

    private LoadTestResource get(LoadTestResource lt) {
        return tests.get(lt);
    }

    private LoadTestStatus awaitPhase(LoadTestResource lt, Duration within, Phase... phases) {
        return tests.awaitPhase(lt, within, phases);
    }

    private List<Pod> runnerPods(LoadTestResource lt) {
        return client.pods()
                .inNamespace(ns)
                .withLabel(RunnerPods.TEST_LABEL, lt.getMetadata().getName())
                .list()
                .getItems();
    }

    private Condition condition(LoadTestStatus s, String type) {
        return LoadTests.condition(s, type).orElseThrow();
    }

    private List<Event> events(LoadTestResource lt) {
        return tests.events(lt);
    }

    @Test
    void aPassingRunMergesEveryRunnerAndMatchesWhatTheTargetSaw() throws Exception {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 6, duration: 2s}
                runners: {usersPerRunner: 2}
                thresholds: ["http_req_failed: rate < 1%", "http_req_duration: p(95) < 2s"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}, checks: [{status: 200}]}]
                """);
        LoadTestStatus s =
                awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error, Phase.Invalid);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        assertThat(s.runners.desired).isEqualTo(3);
        assertThat(s.summary.requests)
                .isPositive()
                .describedAs("merged count vs what the target answered")
                .isEqualTo(target.requests());
        assertThat(s.summary.failures).isZero();
        assertThat(s.verdict).isEqualTo("Passed");
        assertThat(s.thresholds).extracting(t -> t.ok).containsExactly(true, true);
        assertThat(s.thresholds.get(0).measured).isEqualTo("rate=0.00%");
        assertThat(condition(s, Condition.COMPLETE).status).isEqualTo("True");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).status).isEqualTo("True");
        assertThat(s.runners.startSkewMs).isNotNull().isLessThan(1000L);
        assertThat(Instant.parse(s.runners.startAt).toEpochMilli() % 1000)
                .describedAs("started on a boundary of the 1 s statistics interval")
                .isZero();
        RunSnapshot stored =
                ResultsStore.load(client, ns, lt.getMetadata().getName()).orElseThrow();
        assertThat(stored.requests()).isEqualTo(target.requests());
        assertThat(stored.runners).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> runnerPods(lt).isEmpty());
        assertThat(events(lt)).extracting(Event::getReason).contains("Starting", "Started", "Passed");
        assertThat(events(lt))
                .describedAs("a loopback target is allowed (here it is right) but said: in a pod it is the runner")
                .filteredOn(e -> e.getReason().equals("TargetIsLoopback"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("spec.target.url: is http://127.0.0.1:")
                        .contains("the runner pod itself"));
    }

    /**
     * Templates reach the target as `loadtest run` sends them: the kubelet reads {@code $(VAR)} and
     * {@code $$} in env values, so the spec and spec.env values must be written for it.
     */
    /** Data over a config map's 1 MiB lives on a claim every runner mounts; each reads it where it is. */
    @Test
    void aDataFileOnAMountedVolumeIsReadByTheRunnersRowByRow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("users.csv"), "id\nu0\nu1\nu2\nu3\nu4\nu5\n");
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 6, duration: 2s}
                runners: {count: 2, volumes: [{name: data, mountPath: "%s", persistentVolumeClaim: users}]}
                data: [{name: users, file: "%s/users.csv"}]
                scenario: {tasks: [{name: user, request: {path: "/u/${data.users.id}"}}]}
                """.formatted(dir, dir));

        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed);

        long rows = 0;
        for (int i = 0; i < 6; i++) {
            assertThat(target.requests("/u/u" + i)).describedAs("row u%d", i).isPositive();
            rows += target.requests("/u/u" + i);
        }
        assertThat(rows).describedAs("every request took a row of the file").isEqualTo(target.requests());
        assertThat(s.summary.requests).isEqualTo(target.requests());
    }

    @Test
    void templatesAndDollarSignsReachTheTargetAsWritten() {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                env: [{name: TOKEN, value: "a$$b$(LOADTEST_RUNNER_INDEX)"}]
                load: {users: 2, duration: 1s}
                runners: {usersPerRunner: 1}
                scenario:
                  tasks: [{name: t, request: {path: "/u/${vu.id}/${env.TOKEN}/$${kept}/$(LOADTEST_RUNNER_COUNT)"}}]
                """);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        assertThat(s.runners.desired).isEqualTo(2);
        long user0 = target.requests("/u/0/a$$b$(LOADTEST_RUNNER_INDEX)/${kept}/$(LOADTEST_RUNNER_COUNT)");
        long user1 = target.requests("/u/1/a$$b$(LOADTEST_RUNNER_INDEX)/${kept}/$(LOADTEST_RUNNER_COUNT)");
        assertThat(user0)
                .describedAs("user 0's requests, on the path as written")
                .isPositive();
        assertThat(user1)
                .describedAs("user 1's requests, on the path as written")
                .isPositive();
        assertThat(user0 + user1).isEqualTo(target.requests()).isEqualTo(s.summary.requests);
    }

    @Test
    void anArrivalRateRunOnThreeRunnersStartsEveryArrivalOnceAndMatchesWhatTheTargetSaw() throws Exception {
        // 25 arrivals/s for 2 s: 50 arrivals, 17 + 17 + 16 interleaved over 3 runners
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {arrivalRate: {rate: 25}, maxUsers: 6, duration: 2s}
                runners: {count: 3}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}, checks: [{status: 200}]}]
                """);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        assertThat(s.runners.desired).isEqualTo(3);
        assertThat(s.users.target).isEqualTo(6);
        RunSnapshot stored =
                ResultsStore.load(client, ns, lt.getMetadata().getName()).orElseThrow();
        assertThat(stored.runners).isEqualTo(3);
        assertThat(stored.iterations + stored.dropped)
                .describedAs("the runners' shares of the schedule add up to it exactly: none lost, none twice")
                .isEqualTo(50);
        assertThat(stored.requests()).describedAs("one request per iteration").isEqualTo(stored.iterations);
        assertThat(s.summary.requests)
                .describedAs("merged count vs what the target answered")
                .isEqualTo(target.requests())
                .isEqualTo(stored.requests());
    }

    /** User classes in the open model on three runners: the weights hold exactly over the whole schedule. */
    @Test
    void anArrivalRateRunWithUserClassesKeepsTheMixExactAcrossRunners() throws Exception {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {arrivalRate: {rate: 30}, maxUsers: 12, duration: 2s}
                runners: {count: 3}
                scenario:
                  userClasses:
                    - {name: browse, weight: 2, tasks: [{name: browse, request: {path: /browse}}]}
                    - {name: buy, weight: 1, tasks: [{name: buy, request: {method: POST, path: /buy}}]}
                """);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        RunSnapshot stored =
                ResultsStore.load(client, ns, lt.getMetadata().getName()).orElseThrow();
        assertThat(stored.dropped).isZero();
        assertThat(target.requests("/browse"))
                .isEqualTo(40)
                .isEqualTo(stored.totals.get("browse").requests());
        assertThat(target.requests("/buy"))
                .isEqualTo(20)
                .isEqualTo(stored.totals.get("buy").requests());
        assertThat(s.summary.requests).isEqualTo(60);
    }

    @Test
    void aFailingThresholdEndsFailedWithTheMeasuredValue() {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 1s}
                thresholds: ["http_req_duration: p(95) < 1ms"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        LoadTestStatus s =
                awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error, Phase.Invalid);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Failed);
        assertThat(s.verdict).isEqualTo("Failed");
        assertThat(s.thresholds.get(0).ok).isFalse();
        assertThat(s.thresholds.get(0).measured).startsWith("p(95)=");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).status).isEqualTo("False");
        assertThat(condition(s, Condition.COMPLETE).reason).isEqualTo("Failed");
        assertThat(s.summary.requests).isEqualTo(target.requests());
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("ThresholdsFailed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("http_req_duration: p(95) < 1ms");
                });
    }

    @Test
    void anInvalidSpecLaunchesNothingAndSaysWhichFieldAndHowToFix() {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 1s}
                thresholds: ["http_req_duration: p(95) < 500xs"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping, headers: {Authorization: "Bearer ${token}"}}}]
                """);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(15), Phase.Invalid, Phase.Starting, Phase.Running);
        assertThat(s.phase).isEqualTo(Phase.Invalid);
        assertThat(condition(s, Condition.VALID).status).isEqualTo("False");
        assertThat(condition(s, Condition.VALID).message)
                .contains("spec.thresholds[0]: at character 31: unknown unit 'xs'")
                .contains("spec.scenario.tasks[0].request.headers.Authorization: ${token} is not defined");
        assertThat(condition(s, Condition.COMPLETE).status).isEqualTo("True");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED))
                .describedAs("kubectl wait --for=condition=ThresholdsPassed=false returns")
                .satisfies(c -> {
                    assertThat(c.status).isEqualTo("False");
                    assertThat(c.reason).isEqualTo("NotJudged");
                });
        assertThat(runnerPods(lt)).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> events(lt).stream().anyMatch(e -> e.getReason().equals("InvalidSpec")));
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("InvalidSpec"))
                .allMatch(e -> e.getType().equals("Warning"));
    }

    @Test
    void someonesConfigMapWithTheResultsNameIsLeftAsItIs() {
        String name = "mine-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        client.configMaps()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name + "-results")
                        .endMetadata()
                        .addToData("users.csv", "id\n1\n")
                        .build())
                .create();
        LoadTestResource lt = tests.apply(name, """
                target: {url: TARGET}
                load: {users: 1, duration: 1s}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.replace("TARGET", target.url()));
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);

        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        var mine =
                client.configMaps().inNamespace(ns).withName(name + "-results").get();
        assertThat(mine.getData()).containsExactly(java.util.Map.entry("users.csv", "id\n1\n"));
        assertThat(mine.getMetadata().getOwnerReferences())
                .describedAs("not owned: it would be deleted with the LoadTest")
                .isNullOrEmpty();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(lt)).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("ResultsNotStored");
                    assertThat(e.getMessage()).contains("exists and is not a LoadTest's");
                }));
    }

    @Test
    void aFixedSpecAppliedOverAnInvalidOneRuns() {
        // a GitOps sync of the corrected file, or kubectl apply: nothing ran, so it is admitted as new
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 1s}
                thresholds: ["http_req_duration: p(95) < 500xs"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        LoadTestStatus invalid = awaitPhase(lt, Duration.ofSeconds(15), Phase.Invalid, Phase.Starting);
        assertThat(invalid.phase).isEqualTo(Phase.Invalid);
        assertThat(invalid.message).endsWith("(fix the spec and apply it again)");

        tests.edit(lt.getMetadata().getName(), """
                target: {url: TARGET}
                load: {users: 2, duration: 1s}
                thresholds: ["http_req_duration: p(95) < 500ms"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.replace("TARGET", target.url()));
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);

        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        assertThat(s.observedGeneration).isEqualTo(2L);
        assertThat(condition(s, Condition.VALID).status).isEqualTo("True");
        assertThat(s.summary.requests).isPositive().isEqualTo(target.requests());
    }

    @Test
    void aRunnerThatCannotBeScheduledEndsTheRunAsAnErrorNamingTheReason() {
        cluster.withhold(1, "0/3 nodes are available: 3 Insufficient cpu.");
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 1s}
                runners: {count: 2, startTimeout: 2s}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(20), Phase.Error, Phase.Passed, Phase.Failed);
        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.message)
                .contains(RunnerPods.name(lt.getMetadata().getName(), 1))
                .contains("Insufficient cpu");
        assertThat(condition(s, Condition.COMPLETE).reason).isEqualTo("RunnerUnschedulable");
        assertThat(target.requests())
                .describedAs("no load without every runner")
                .isZero();
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("RunnerUnschedulable"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("Insufficient cpu");
                });
    }

    /** A stop while runners are still being scheduled: nothing loads the target, the run ends Aborted. */
    @Test
    void aStopWhileStartingEndsTheRunBeforeAnyLoad() {
        cluster.withhold(1, "0/3 nodes are available: 3 Insufficient cpu.");
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 5s}
                runners: {count: 2, startTimeout: 2m}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Starting);
        tests.stop(lt.getMetadata().getName());
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(20), Phase.Aborted, Phase.Error, Phase.Passed);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Aborted);
        assertThat(condition(s, Condition.COMPLETE).reason).isEqualTo("Stopped");
        await().atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ofSeconds(1))
                .until(() -> runnerPods(lt).stream()
                        .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null
                                || !"Pending".equals(p.getStatus().getPhase())));
        assertThat(target.requests()).describedAs("no runner was started").isZero();
    }

    @Test
    void aDrainedRunnerEndsTheRunAsAnErrorAndItsNumbersAreKeptToo() {
        // kubectl drain (a node upgrade, the cluster autoscaler): the runner gets SIGTERM and holds
        // its results for the grace period; the run ends and collects everyone's, the drained one's too
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 4, duration: 60s}
                runners: {count: 2}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.requests() > 50);
        await("the live status counts runners and users")
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    LoadTestStatus live = get(lt).getStatus();
                    return live.runners != null && live.runners.running == 2 && live.users.current == 4;
                });
        LoadTestStatus live = get(lt).getStatus();
        assertThat(live.runners.ready).isEqualTo(2);
        assertThat(live.runners.desired).isEqualTo(2);
        assertThat(live.users.target).isEqualTo(4);
        assertThat(condition(live, Condition.RUNNING).status).isEqualTo("True");
        assertThat(LoadTests.condition(live, Condition.COMPLETE)).isEmpty();
        String drained = RunnerPods.name(lt.getMetadata().getName(), 1);
        cluster.drain(drained);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(15), Phase.Error, Phase.Passed, Phase.Failed);

        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Error);
        assertThat(s.message).contains(drained).contains("is being deleted");
        assertThat(s.summary.requests)
                .describedAs("every runner's requests, the drained one's included, as the target saw them")
                .isEqualTo(target.requests());
        assertThat(Duration.between(Instant.parse(s.startTime), Instant.parse(s.completionTime)))
                .describedAs("ended at the drain, not at the 60 s planned end")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRunnerKilledMidRunEndsTheRunAsAnErrorAndKeepsThePartialResults() {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 4, duration: 30s}
                runners: {count: 2}
                scenario:
                  tasks: [{name: ping, request: {path: "/ping/${env.LOADTEST_RUNNER_INDEX}"}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.requests() > 50);
        cluster.kill(RunnerPods.name(lt.getMetadata().getName(), 0), "OOMKilled", 137);
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(15), Phase.Error);
        assertThat(s.message)
                .contains(RunnerPods.name(lt.getMetadata().getName(), 0))
                .contains("OOMKilled")
                .contains("137")
                .contains("the figures are from the 1 of 2 runners whose results could be collected");
        assertThat(s.summary).isNotNull();
        assertThat(s.summary.requests)
                .describedAs("the surviving runner's final results are kept: all it sent, no more")
                .isEqualTo(target.requests("/ping/1"));
        assertThat(target.requests("/ping/0"))
                .describedAs("the killed runner did load")
                .isPositive();
        assertThat(s.runners.failed).isEqualTo(1);
        assertThat(runnerPods(lt))
                .describedAs("a failed run keeps its pods for their logs")
                .isNotEmpty();
        assertThat(events(lt)).extracting(Event::getReason).contains("RunnerFailed");
        assertThat(registry.find("loadtest_requests")
                        .tag("name", lt.getMetadata().getName())
                        .functionCounter()
                        .count())
                .describedAs("the metrics show the final figures of an Error run, as status does")
                .isEqualTo(s.summary.requests);
    }

    @Test
    void aRunnerEvictedMidRunEndsTheRunAsAnErrorNamingItAndKeepsThePartialResults() throws Exception {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 4, duration: 30s}
                runners: {count: 2}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.requests() > 50);
        String evicted = RunnerPods.name(lt.getMetadata().getName(), 1);
        cluster.evict(evicted, "The node was low on resource: memory.");
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(15), Phase.Error, Phase.Passed, Phase.Failed);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Error);
        assertThat(s.message).contains(evicted).contains("Evicted").contains("low on resource: memory");
        assertThat(s.errorReason).isEqualTo("RunnerFailed");
        assertThat(condition(s, Condition.COMPLETE).reason).isEqualTo("RunnerFailed");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).status).isEqualTo("False");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).reason).isEqualTo("NotJudged");
        assertThat(s.verdict).describedAs("an error has no verdict").isNull();
        assertThat(s.summary.requests)
                .describedAs("the other runner's results are kept")
                .isPositive();
        RunSnapshot stored =
                ResultsStore.load(client, ns, lt.getMetadata().getName()).orElseThrow();
        assertThat(stored.requests())
                .describedAs("and stored for loadtest report")
                .isPositive()
                .isLessThanOrEqualTo(target.requests());
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("RunnerFailed"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMessage()).contains(evicted).contains("Evicted"));
    }

    @Test
    void aUserStopEndsTheRunEarlyKeepsTheResultsAndJudgesThem() {
        LoadTestResource lt = stoppedAfterSomeLoad("http_req_failed: rate < 1%");
        LoadTestStatus s = get(lt).getStatus();
        assertThat(s.thresholds.get(0).ok).isTrue();
        assertThat(s.verdict).describedAs("judged on the results so far").isEqualTo("Passed");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).status).isEqualTo("True");
        assertThat(condition(s, Condition.COMPLETE).reason).isEqualTo("Stopped");
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("StopRequested"))
                .singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("Stopped"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType())
                            .describedAs("stopped with passing thresholds")
                            .isEqualTo("Normal");
                    assertThat(e.getMessage()).contains("stopped by request");
                });
    }

    /**
     * Live looks are throttled: a churn of runner pod events (another controller writing labels,
     * readiness flapping) wakes the reconcile each time, and each made a look: a pull of every
     * runner, a look at the target and a write of its observations, a status write. They stay at
     * about one per poll interval (500 ms in tests).
     */
    @Test
    void liveLooksComeAboutOncePerPollIntervalWhateverWakesTheReconcile() throws Exception {
        LoadTestResource lt = apply("""
                target: {url: TARGET, workload: {podSelector: {app: nothing-here}}}
                load: {users: 2, duration: 6s}
                runners: {count: 2}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (var watch = client.configMaps()
                .inNamespace(ns)
                .withName(lt.getMetadata().getName() + "-target")
                .watch(new io.fabric8.kubernetes.client.Watcher<io.fabric8.kubernetes.api.model.ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.ConfigMap r) {
                        if (action == Action.MODIFIED && counting.get()) {
                            writes.incrementAndGet();
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
            String pod = RunnerPods.name(lt.getMetadata().getName(), 0);
            long end = System.currentTimeMillis() + 2_000;
            for (int i = 0; System.currentTimeMillis() < end; i++) {
                String n = String.valueOf(i);
                client.pods().inNamespace(ns).withName(pod).edit(p -> {
                    p.getMetadata().getAnnotations().put("example.com/touched", n);
                    return p;
                });
                Thread.sleep(40);
            }
            counting.set(false);
        }
        assertThat(writes.get())
                .describedAs("looks (each stores the target's observations) in 2 s of pod churn, at a 500 ms poll"
                        + " interval")
                .isBetween(1, 6);
        assertThat(awaitPhase(lt, Duration.ofSeconds(20), Phase.Passed).summary.requests)
                .isEqualTo(target.requests());
    }

    /** A stopped run whose results so far break a threshold: Aborted, verdict Failed, a Warning; CI's wait fails. */
    @Test
    void aUserStopJudgesTheResultsSoFarAndTheyMayFail() {
        LoadTestResource lt = stoppedAfterSomeLoad("http_reqs: count < 5");
        LoadTestStatus s = get(lt).getStatus();
        assertThat(s.thresholds.get(0).ok).isFalse();
        assertThat(s.verdict).isEqualTo("Failed");
        assertThat(condition(s, Condition.THRESHOLDS_PASSED).status).isEqualTo("False");
        assertThat(events(lt))
                .filteredOn(e -> e.getReason().equals("Stopped"))
                .singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }

    @Test
    void aFinishedRunIsNeverRunAgainEvenWhenItsSpecIsEditedAndFurtherReconcilesWriteNothing() throws Exception {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 1, duration: 1s}
                thresholds: ["http_req_failed: rate < 1%"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        LoadTestStatus done = awaitPhase(lt, Duration.ofSeconds(30), Phase.Passed);
        await().atMost(Duration.ofSeconds(5)).until(() -> runnerPods(lt).isEmpty());
        long requests = target.requests();
        LoadTestResource finished = get(lt);
        String version = finished.getMetadata().getResourceVersion();
        String resultsVersion = client.configMaps()
                .inNamespace(ns)
                .withName(ResultsStore.configMapName(lt.getMetadata().getName()))
                .get()
                .getMetadata()
                .getResourceVersion();
        // a spec edit (a new generation) triggers a reconcile of the finished test
        client.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName(lt.getMetadata().getName())
                .edit(r -> {
                    r.getSpec().load.users = 50;
                    r.getSpec().thresholds = List.of("http_req_duration: p(95) < 1ms");
                    return r;
                });
        Thread.sleep(2000);
        LoadTestResource after = get(lt);
        assertThat(after.getMetadata().getGeneration())
                .isGreaterThan(finished.getMetadata().getGeneration());
        assertThat(runnerPods(lt)).describedAs("not re-run").isEmpty();
        assertThat(target.requests()).isEqualTo(requests);
        assertThat(after.getStatus().phase).isEqualTo(Phase.Passed);
        assertThat(after.getStatus().observedGeneration).isEqualTo(done.observedGeneration);
        assertThat(after.getStatus().summary.requests).isEqualTo(done.summary.requests);
        assertThat(after.getStatus().thresholds)
                .extracting(t -> t.expression + " " + t.ok)
                .containsExactly("http_req_failed: rate < 1% true");
        assertThat(Long.parseLong(after.getMetadata().getResourceVersion()))
                .describedAs("only the spec edit itself changed the resource: no status write")
                .isEqualTo(Long.parseLong(version) + 1);
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName(ResultsStore.configMapName(lt.getMetadata().getName()))
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .describedAs("the stored results are untouched")
                .isEqualTo(resultsVersion);
    }

    @Test
    void aSpecEditedAfterTheStartDoesNotRestartOrResizeTheRun() {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 3s}
                thresholds: ["http_req_failed: rate < 1%"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        client.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName(lt.getMetadata().getName())
                .edit(r -> {
                    r.getSpec().load.users = 50;
                    r.getSpec().thresholds = List.of("http_req_duration: p(95) < 1ms");
                    return r;
                });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(lt).getStatus().conditions.stream().anyMatch(c -> c.type.equals("SpecChangeIgnored")));
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(20), Phase.Passed, Phase.Failed, Phase.Error);
        assertThat(s.phase).isEqualTo(Phase.Passed);
        assertThat(s.runners.desired)
                .describedAs("sized from the spec it started with")
                .isEqualTo(1);
        assertThat(s.users.target).isEqualTo(2);
        assertThat(s.observedGeneration).isEqualTo(1L);
        assertThat(s.thresholds)
                .describedAs("judged by the thresholds it started with (loadtest report reads these)")
                .extracting(t -> t.expression)
                .containsExactly("http_req_failed: rate < 1%");
        assertThat(condition(s, "SpecChangeIgnored").message).contains("continues with generation 1");
        await("its runner pods removed after the verdict, no second run")
                .atMost(Duration.ofSeconds(5))
                .until(() -> runnerPods(lt).isEmpty());
        assertThat(s.summary.requests).isEqualTo(target.requests());
    }

    @Test
    void aLoadTestRecreatedUnderTheSameNameRunsItsOwnRunnersNotThoseOfTheDeletedOne() {
        LoadTestResource first = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 30s}
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """);
        awaitPhase(first, Duration.ofSeconds(15), Phase.Running);
        List<Pod> old = runnerPods(first);
        assertThat(old).isNotEmpty();
        client.resource(first).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> get(first) == null);

        LoadTestResource again = new LoadTestResource();
        again.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(first.getMetadata().getName())
                .withNamespace(ns)
                .build());
        again.setSpec(first.getSpec());
        again.getSpec().load.duration = "1s";
        LoadTestResource created = client.resource(again).create();
        // the mock server has no garbage collector: the old pods stay, as terminating ones do a while
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(created).getStatus() != null
                        && get(created).getStatus().message != null
                        && get(created).getStatus().message.contains("waiting for runner pod"));
        assertThat(get(created).getStatus().phase)
                .describedAs("the old run's pods are not taken for this one's")
                .isNull();

        old.forEach(p -> client.resource(p).delete()); // the garbage collector's work
        LoadTestStatus s = awaitPhase(created, Duration.ofSeconds(30), Phase.Passed, Phase.Failed, Phase.Error);

        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
        assertThat(s.summary.requests).isPositive();
        assertThat(s.runners.succeeded).isEqualTo(1);
    }

    /** A 5-minute run with this threshold, stopped by the user once the target saw 20 requests. */
    private LoadTestResource stoppedAfterSomeLoad(String threshold) {
        LoadTestResource lt = apply("""
                target: {url: TARGET}
                load: {users: 2, duration: 5m}
                thresholds: ["THRESHOLD"]
                scenario:
                  tasks: [{name: ping, request: {path: /ping}}]
                """.replace("THRESHOLD", threshold));
        awaitPhase(lt, Duration.ofSeconds(15), Phase.Running);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.requests() > 20);
        tests.stop(lt.getMetadata().getName());
        LoadTestStatus s = awaitPhase(lt, Duration.ofSeconds(20), Phase.Aborted, Phase.Error);
        assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Aborted);
        assertThat(s.summary.requests).isEqualTo(target.requests());
        return lt;
    }
}
