package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.results.ResultsStore;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.CountingTarget;
import dev.loadtest.operator.sim.LoadTests;
import dev.loadtest.operator.sim.SimulatedCluster;
import dev.loadtest.operator.sim.SimulatedWorkload;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import dev.loadtest.operator.sim.TunedConfig;
import dev.loadtest.operator.target.TargetStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator dies between doing something and writing down that it did it: the status write of
 * a step is lost (the step throws after its work, as a kill or a conflicting write would leave it)
 * and the step runs again from the status before. The run must still end as it would have, with
 * every request the target saw counted once.
 */
class RunCrashWindowsTest {
    private static final String NS = "perf";
    private KubernetesMockServer server;
    private KubernetesClient client;
    private Operator operator;
    private LoadTests tests;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        server = dev.loadtest.operator.sim.CrudApiServer.start();
        client = server.createClient();
        try (var in = Files.newInputStream(Path.of("../crds/loadtests.loadtest.dev-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
        tests = new LoadTests(client, NS);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        client.close();
        server.destroy();
    }

    /** Run steps whose one chosen step loses its status write once. */
    private static final class LosingOneWrite extends RunSteps {
        private final Phase losesWriteOnReaching;
        private final AtomicBoolean lost = new AtomicBoolean();
        /** How long the operator stays away (dead) before the step runs again. */
        private Duration away = Duration.ZERO;
        /** What happens in the cluster meanwhile. */
        private Runnable whileAway = () -> {};

        LosingOneWrite(
                TestConfig config, KubernetesClient client, LoadTestMetrics metrics, Phase losesWriteOnReaching) {
            this(config, client, new RunnerClient(config, client), metrics, losesWriteOnReaching);
        }

        LosingOneWrite(
                TestConfig config,
                KubernetesClient client,
                RunnerClient runners,
                LoadTestMetrics metrics,
                Phase losesWriteOnReaching) {
            this(config, client, runners, new Events(client), metrics, losesWriteOnReaching);
        }

        LosingOneWrite(
                OperatorConfig config,
                KubernetesClient client,
                RunnerClient runners,
                Events events,
                LoadTestMetrics metrics,
                Phase phase) {
            super(config, runners, events, metrics, client, TestRunSteps.watch(client, events));
            this.losesWriteOnReaching = phase;
        }

        @Override
        Duration admit(
                LoadTestResource lt,
                LoadTestStatus status,
                List<LoadTestResource> others,
                List<Pod> pods,
                java.util.Set<String> withRunnerPods) {
            return maybeLose(status, super.admit(lt, status, others, pods, withRunnerPods));
        }

        @Override
        Duration awaitRunners(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
            return maybeLose(status, super.awaitRunners(lt, status, pods));
        }

        @Override
        Duration monitor(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
            return maybeLose(status, super.monitor(lt, status, pods));
        }

        private Duration maybeLose(LoadTestStatus status, Duration again) {
            if (status.phase == losesWriteOnReaching && lost.compareAndSet(false, true)) {
                whileAway.run();
                try {
                    Thread.sleep(away);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("simulated: the operator died before writing " + status.phase);
            }
            return again;
        }
    }

    private void startOperator(RunSteps steps, LoadTestMetrics metrics) {
        operator = new Operator(o ->
                o.withKubernetesClient(client).withCloseClientOnStop(false).withUseSSAToPatchPrimaryResource(false));
        operator.register(new LoadTestReconciler(steps, metrics));
        operator.start();
    }

    private static TestConfig config() {
        return new TestConfig("runner", "direct", Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    private LoadTestStatus runWithOneLostWrite(Phase losesWriteOnReaching, CountingTarget target) {
        return runWithOneLostWrite(losesWriteOnReaching, target, """
                target: {url: "%s"}
                load: {users: 4, duration: 3s}
                runners: {count: 2}
                thresholds: ["http_req_failed: rate < 1%%"]
                scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                """);
    }

    private LoadTestStatus runWithOneLostWrite(Phase losesWriteOnReaching, CountingTarget target, String spec) {
        LoadTestMetrics metrics = new LoadTestMetrics(registry);
        LosingOneWrite steps = new LosingOneWrite(config(), client, metrics, losesWriteOnReaching);
        startOperator(steps, metrics);
        tests.apply("crash", spec.formatted(target.url()));
        awaitEnd();
        assertThat(steps.lost).describedAs("the write was lost once").isTrue();
        return status();
    }

    @Test
    void aLostWriteAfterTheStartTimeWasSentStillRunsWithEveryRunner() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestStatus s = runWithOneLostWrite(Phase.Running, target);

            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.runners.succeeded).isEqualTo(2);
            assertThat(s.summary.requests).isEqualTo(target.requests());
        }
    }

    @Test
    void aLostWriteOfTheVerdictIsWrittenAgainWithTheSameNumbers() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestStatus s = runWithOneLostWrite(Phase.Passed, target);

            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.summary.requests)
                    .describedAs("the final results are merged again from runners still holding them")
                    .isEqualTo(target.requests());
            assertThat(registry.find("loadtest_runs_total").counters())
                    .describedAs("the run is counted once, as Passed")
                    .filteredOn(c -> c.count() > 0)
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.getId().getTag("verdict")).isEqualTo("Passed");
                        assertThat(c.count()).isEqualTo(1.0);
                    });
            await("released only after the verdict was written")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> client.pods().inNamespace(NS).list().getItems().isEmpty());
        }
    }

    @Test
    void anOperatorBackAfterTheRunsDeadlineStillJudgesRunnersThatAllFinished() throws Exception {
        // The run's deadline (start + 2 s load + 1 s grace + no overrun) passes while the operator
        // is away between the runners' end and the verdict write: they all finished and hold their
        // results, so the run is judged as usual, not ended as RunTimedOut with no verdict.
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestMetrics metrics = new LoadTestMetrics(registry);
            OperatorConfig noOverrun = new TunedConfig(config()).runOverrun(Duration.ZERO);
            LosingOneWrite steps = new LosingOneWrite(
                    noOverrun, client, new RunnerClient(noOverrun, client), new Events(client), metrics, Phase.Passed);
            steps.away = Duration.ofSeconds(3);
            startOperator(steps, metrics);
            tests.apply("crash", """
                    target: {url: "%s"}
                    load: {users: 4, duration: 2s, gracefulStop: 1s}
                    runners: {count: 2}
                    thresholds: ["http_req_failed: rate < 1%%"]
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));
            awaitEnd();

            assertThat(steps.lost)
                    .describedAs("the verdict write was lost once")
                    .isTrue();
            LoadTestStatus s = status();
            assertThat(Instant.parse(s.completionTime))
                    .describedAs("judged after the deadline")
                    .isAfter(Instant.parse(s.runners.startAt).plusSeconds(3));
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.summary.requests).isEqualTo(target.requests());
        }
    }

    @Test
    void aLostVerdictWriteIsJudgedByTheSameLastLookAtTheTarget() throws Exception {
        // the finish that lost its write took the target's end sample; the finish that runs again
        // judges by it instead of adding a later one ("last" and "avg" thresholds would move)
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            SimulatedWorkload workload =
                    new SimulatedWorkload(client, NS, "api", 2, 2, target::requests, Long.MAX_VALUE);
            try {
                LoadTestStatus s = runWithOneLostWrite(Phase.Passed, target, """
                        target: {url: "%s", workload: {hpa: api, podSelector: {app: api}}}
                        load: {users: 4, duration: 2s}
                        runners: {count: 2}
                        thresholds: ["target.oomKilled: count == 0"]
                        scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                        """);

                assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
                RunSnapshot results = ResultsStore.load(client, NS, "crash").orElseThrow();
                TargetObservations o = TargetStore.read(client, NS, "crash").orElseThrow();
                long loadEnd = results.startEpochMs + results.elapsedMs - o.startEpochMs;
                assertThat(o.samples)
                        .describedAs("one look at the target after the load's end")
                        .filteredOn(x -> x.t >= loadEnd)
                        .hasSize(1);
            } finally {
                workload.close();
            }
        }
    }

    @Test
    void anEditWhileTheRunnersAreMadeReplacesThemRatherThanMixingTwoSpecs() throws Exception {
        // The runner pods were created, then the Starting write was lost while the user applied a
        // new spec with another runner count: every runner of the run must come from one spec
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestMetrics metrics = new LoadTestMetrics(registry);
            LosingOneWrite steps = new LosingOneWrite(config(), client, metrics, Phase.Starting);
            String spec = """
                    target: {url: "%s"}
                    load: {users: %d, duration: 2s}
                    runners: {count: %d}
                    cleanup: {runnerPods: Never}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """;
            steps.whileAway = () -> tests.edit("crash", spec.formatted(target.url(), 6, 3));
            startOperator(steps, metrics);
            tests.apply("crash", spec.formatted(target.url(), 4, 2));
            awaitEnd();

            assertThat(steps.lost)
                    .describedAs("the Starting write was lost once")
                    .isTrue();
            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.runners.desired).isEqualTo(3);
            assertThat(s.observedGeneration).isEqualTo(2L);
            List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
            assertThat(pods)
                    .describedAs("three runners, all told the same runner count")
                    .hasSize(3)
                    .allSatisfy(p -> {
                        assertThat(p.getMetadata().getAnnotations())
                                .containsEntry(RunnerPods.GENERATION_ANNOTATION, "2");
                        assertThat(p.getSpec().getContainers().get(0).getEnv()).anySatisfy(e -> {
                            assertThat(e.getName()).isEqualTo("LOADTEST_RUNNER_COUNT");
                            assertThat(e.getValue()).isEqualTo("3");
                        });
                    });
            assertThat(s.summary.requests).isEqualTo(target.requests());
        }
    }

    /** A runner client whose start time reaches runner 1 late: 1.5 s after the others start. */
    private static final class LateToRunnerOne extends RunnerClient {
        LateToRunnerOne(TestConfig config, KubernetesClient client) {
            super(config, client);
        }

        @Override
        public boolean start(Pod pod, long atEpochMs) {
            if (pod.getMetadata().getName().endsWith("-runner-1")) {
                try {
                    Thread.sleep(Math.max(0, atEpochMs + 1500 - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.start(pod, atEpochMs);
        }
    }

    @Test
    void aRunnerThatStartsLateIsReportedOnce() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            runToEnd(config(), new LateToRunnerOne(config(), client), """
                    target: {url: "%s"}
                    load: {users: 4, duration: 3s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.runners.startSkewMs).isGreaterThan(1000L);
            assertThat(s.summary.requests).isEqualTo(target.requests());
            var skewed = client.v1().events().inNamespace(NS).list().getItems().stream()
                    .filter(e -> "StartSkewed".equals(e.getReason()))
                    .toList();
            assertThat(skewed).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).contains("late runner(s) 1 (+");
            });
        }
    }

    @Test
    void theStoredSeriesOfALongRunIsMergedIntoWindowsFromThePublishedStart() throws Exception {
        // resultIntervals 2 stands for 60: a 4 s run of 1 s intervals is stored as 2 s windows, as
        // a 10-minute run is stored as 10 s ones (the final merge's memory is bounded by it)
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            OperatorConfig twoWindows = new TunedConfig(config()).resultIntervals(2);
            runToEnd(twoWindows, new RunnerClient(twoWindows, client), """
                    target: {url: "%s"}
                    load: {users: 4, duration: 4s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.results.intervalMs).isEqualTo(2000L);
            RunSnapshot stored = ResultsStore.load(client, NS, "crash").orElseThrow();
            assertThat(stored.intervalMs).isEqualTo(2000);
            assertThat(stored.startEpochMs)
                    .isEqualTo(Instant.parse(s.runners.startAt).toEpochMilli());
            assertThat(stored.intervals).hasSizeBetween(2, 3); // the drain may end in a third
            assertThat(stored.intervals.stream().mapToLong(i -> i.requests()).sum())
                    .isEqualTo(stored.requests())
                    .isEqualTo(target.requests());
        }
    }

    /** Adds {@code what} of every status of "crash" the API server sends (when not null) until closed. */
    private <T> io.fabric8.kubernetes.client.Watch watchStatus(
            java.util.function.Function<LoadTestStatus, T> what, List<T> into) {
        return client.resources(LoadTestResource.class)
                .inNamespace(NS)
                .withName("crash")
                .watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, LoadTestResource lt) {
                        T value = lt.getStatus() == null ? null : what.apply(lt.getStatus());
                        if (value != null) {
                            into.add(value);
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                });
    }

    /** Runs "crash" to its end with an operator that loses no write and these runner calls. */
    private void runToEnd(OperatorConfig config, RunnerClient runners, String spec) {
        LoadTestMetrics metrics = new LoadTestMetrics(registry);
        startOperator(new LosingOneWrite(config, client, runners, new Events(client), metrics, null), metrics);
        tests.apply("crash", spec);
        awaitEnd();
    }

    /** Waits for the run to end (any terminal phase). */
    private void awaitEnd() {
        await().atMost(Duration.ofSeconds(40))
                .until(() -> status() != null
                        && status().phase != null
                        && status().phase.terminal());
    }

    private LoadTestStatus status() {
        return tests.status("crash");
    }

    /** A runner client to which runner 1 does not answer every other live look (a network blip). */
    private static final class RunnerOneMissesEveryOtherLook extends RunnerClient {
        final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        /** Request counts of the live looks every runner answered, and of those runner 1 missed. */
        final List<Long> whole = new java.util.concurrent.CopyOnWriteArrayList<>();

        final List<Long> partial = new java.util.concurrent.CopyOnWriteArrayList<>();

        RunnerOneMissesEveryOtherLook(TestConfig config, KubernetesClient client) {
            super(config, client);
        }

        @Override
        public Merged pullMerged(List<Pod> pods, boolean withTimeSeries) {
            boolean miss = looks.incrementAndGet() % 2 == 0;
            Merged m = super.pullMerged(
                    pods.stream()
                            .filter(p -> !miss || !p.getMetadata().getName().endsWith("-runner-1"))
                            .toList(),
                    withTimeSeries);
            if (m.snapshot() != null) {
                (miss ? partial : whole).add(m.snapshot().requests());
            }
            return m;
        }
    }

    @Test
    void aRunnerMissingALookDoesNotTakeItsRequestsOutOfTheFiguresShown() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            RunnerOneMissesEveryOtherLook runners = new RunnerOneMissesEveryOtherLook(config(), client);
            List<Long> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (var watch = watchStatus(s -> s.summary == null ? null : s.summary.requests, shown)) {
                runToEnd(config(), runners, """
                        target: {url: "%s"}
                        load: {users: 4, duration: 4s}
                        runners: {count: 2}
                        scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                        """.formatted(target.url()));
            }

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
            assertThat(s.summary.requests).isEqualTo(target.requests());
            assertThat(runners.looks.get())
                    .describedAs("live looks, runner 1 missing from every other")
                    .isGreaterThanOrEqualTo(4);
            assertThat(shown)
                    .describedAs("request counts as status showed them")
                    .hasSizeGreaterThan(2);
            assertThat(shown).describedAs("never going back: %s", shown).isSorted();
            // runner 1's requests are never taken out of what is shown, even while the partial
            // count is above the last whole one (during the ramp, or with many runners)
            List<Long> live = shown.stream()
                    .filter(n -> n > 0 && n != s.summary.requests) // the final merge's is not a look's
                    .toList();
            assertThat(runners.partial)
                    .describedAs("looks that missed runner 1")
                    .isNotEmpty();
            assertThat(runners.whole)
                    .describedAs("shown %s, partial looks %s", shown, runners.partial)
                    .containsAll(live);
        }
    }

    @Test
    void aLookThatMissedARunnerSaysItsAbortRulesOnRequestsWereNotJudged() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            RunnerOneMissesEveryOtherLook runners = new RunnerOneMissesEveryOtherLook(config(), client);
            List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (var watch = watchStatus(s -> s.message, messages)) {
                runToEnd(config(), runners, """
                        target: {url: "%s"}
                        load: {users: 4, duration: 4s}
                        runners: {count: 2}
                        abort: ["http_req_failed: rate > 50%% for 10s"]
                        scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                        """.formatted(target.url()));
            }

            assertThat(status().phase).isEqualTo(Phase.Passed);
            assertThat(messages)
                    .contains("running; 1 of 2 runners answered this look: the figures shown are from the last look"
                            + " all answered, and abort rules on requests were not judged")
                    .contains("running");
        }
    }

    /** A runner client that never gets runner 1's final results (its body never decodes, say). */
    private static final class FinalResultsOfRunnerOneLost extends RunnerClient {
        FinalResultsOfRunnerOneLost(OperatorConfig config, KubernetesClient client) {
            super(config, client);
        }

        @Override
        public Merged pullMerged(List<Pod> pods, long anchorEpochMs, long windowMs) {
            return super.pullMerged(
                    pods.stream()
                            .filter(p -> !p.getMetadata().getName().endsWith("-runner-1"))
                            .toList(),
                    anchorEpochMs,
                    windowMs);
        }
    }

    @Test
    void finalResultsThatNeverArriveEndTheRunAsAnErrorAfterTheAllowance() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            OperatorConfig shortAllowance = new TunedConfig(config()).runOverrun(Duration.ofSeconds(2));
            runToEnd(shortAllowance, new FinalResultsOfRunnerOneLost(shortAllowance, client), """
                    target: {url: "%s"}
                    load: {users: 4, duration: 2s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(
                            target.url()));

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Error);
            assertThat(s.errorReason).isEqualTo("ResultsIncomplete");
            assertThat(s.message).startsWith("only 1 of 2 runners handed over their final results within 2s");
            assertThat(s.verdict).describedAs("not judged on half its runners").isNull();
            assertThat(s.summary.requests).isPositive().isLessThan(target.requests());
        }
    }

    /** A runner client that never reaches runner 1 with the start time. */
    private static final class StartNeverReachesRunnerOne extends RunnerClient {
        StartNeverReachesRunnerOne(OperatorConfig config, KubernetesClient client) {
            super(config, client);
        }

        @Override
        public boolean start(Pod pod, long atEpochMs) {
            return !pod.getMetadata().getName().endsWith("-runner-1") && super.start(pod, atEpochMs);
        }
    }

    @Test
    void runnersThatStartedWhenAnotherNeverHeardTheStartAreStoppedAndTheirWholeRunKept() throws Exception {
        // a slow target: requests in flight at the stop finish 300 ms later, during the graceful stop
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(300)) {
            TestConfig shortStart = new TestConfig("runner", "direct", Duration.ofMillis(500), Duration.ofSeconds(2));
            runToEnd(shortStart, new StartNeverReachesRunnerOne(shortStart, client), """
                    target: {url: "%s"}
                    load: {users: 4, duration: 30s, gracefulStop: 5s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Error);
            assertThat(s.errorReason).isEqualTo("RunnersNotStarted");
            assertThat(s.summary.requests)
                    .describedAs("runner 0's requests, those finished in its graceful stop too, vs what the target saw")
                    .isPositive()
                    .isEqualTo(target.requests());
        }
    }

    @Test
    void aStartThatMissedARunnerStaysTheReasonWhenTheRunsDeadlinePassesMeanwhile() throws Exception {
        // a load shorter than the start timeout: the deadline (start + 1 s + 1 s grace + no
        // overrun) has passed by the time the start is given up on
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            OperatorConfig shortRun = new TunedConfig(
                            new TestConfig("runner", "direct", Duration.ofMillis(500), Duration.ofSeconds(2)))
                    .runOverrun(Duration.ZERO);
            runToEnd(shortRun, new StartNeverReachesRunnerOne(shortRun, client), """
                    target: {url: "%s"}
                    load: {users: 2, duration: 1s, gracefulStop: 1s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));

            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Error);
            assertThat(s.errorReason).isEqualTo("RunnersNotStarted");
            assertThat(s.message).startsWith("could not reach every runner with the start time");
        }
    }

    /** A runner client whose first stop to runner 0 is lost on the way. */
    private static final class LosingFirstStop extends RunnerClient {
        final AtomicBoolean lost = new AtomicBoolean();

        LosingFirstStop(TestConfig config, KubernetesClient client) {
            super(config, client);
        }

        @Override
        public boolean stop(Pod pod) {
            if (pod.getMetadata().getName().endsWith("-runner-0") && lost.compareAndSet(false, true)) {
                return false;
            }
            return super.stop(pod);
        }
    }

    @Test
    void aStopOneRunnerMissedIsSentAgainSoNoRunnerLoadsToItsPlannedEnd() throws Exception {
        try (SimulatedCluster cluster = new SimulatedCluster(client, NS);
                CountingTarget target = new CountingTarget(5)) {
            LoadTestMetrics metrics = new LoadTestMetrics(registry);
            LosingFirstStop runners = new LosingFirstStop(config(), client);
            startOperator(new LosingOneWrite(config(), client, runners, metrics, null), metrics);
            tests.apply("crash", """
                    target: {url: "%s"}
                    load: {users: 4, duration: 60s, gracefulStop: 1s}
                    runners: {count: 2}
                    scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                    """.formatted(target.url()));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status() != null && status().phase == Phase.Running && target.requests() > 20);
            long askedAt = System.nanoTime();
            tests.stop("crash");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> status().phase != null && status().phase.terminal());

            assertThat(runners.lost)
                    .describedAs("the first stop to runner 0 was lost")
                    .isTrue();
            LoadTestStatus s = status();
            assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Aborted);
            assertThat(Duration.ofNanos(System.nanoTime() - askedAt))
                    .describedAs("both runners stopped long before the 60 s planned end")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(s.summary.requests).isEqualTo(target.requests());
        }
    }
}
