package dev.loadtest.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.engine.Runs;
import dev.loadtest.engine.TestServer;
import dev.loadtest.engine.TestServer.Reply;
import dev.loadtest.engine.load.OpenShape;
import dev.loadtest.engine.stats.RunSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunnerShareTest {
    @Test
    void sharesAddUpExactlyAtEveryUserCount() {
        for (int runners = 1; runners <= 7; runners++) {
            for (int u = 0; u <= 60; u++) {
                final int users = u;
                int sum = 0;
                Set<Integer> globals = new java.util.HashSet<>();
                for (int i = 0; i < runners; i++) {
                    RunnerShare s = new RunnerShare(i, runners);
                    sum += s.usersOf(users);
                    for (int k = 0; k < s.usersOf(users); k++) {
                        globals.add(s.globalUser(k));
                    }
                }
                assertThat(sum).isEqualTo(users);
                assertThat(globals)
                        .describedAs("runners %d users %d", runners, users)
                        .hasSize(users)
                        .allMatch(g -> g < Math.max(users, 1));
            }
        }
    }

    @Test
    void openModelArrivalsAreSplitExactlyForAwkwardRatesAndRunnerCounts() {
        double[] rates = {1, 7, 25, 1000.0 / 3, 0.7, 99.9};
        long[] durations = {1_000_000_000L, 1_300_000_000L, 7_777_777_777L};
        for (double rate : rates) {
            for (long total : durations) {
                OpenShape open = new OpenShape(rate, total, 10);
                long whole = 0;
                while (open.arrivalNanos(whole) < total) { // the schedule of a single process
                    whole++;
                }
                for (int runners = 1; runners <= 7; runners++) {
                    java.util.TreeSet<Long> started = new java.util.TreeSet<>();
                    long sum = 0;
                    long min = Long.MAX_VALUE;
                    long max = 0;
                    for (int i = 0; i < runners; i++) {
                        RunnerShare s = new RunnerShare(i, runners);
                        long mine = 0;
                        for (long k = 0; open.arrivalNanos(s.globalArrival(k)) < total; k++) { // as LoadRun does
                            assertThat(started.add(s.globalArrival(k)))
                                    .describedAs("no arrival started twice")
                                    .isTrue();
                            mine++;
                        }
                        sum += mine;
                        min = Math.min(min, mine);
                        max = Math.max(max, mine);
                    }
                    String what = "rate %s/s for %d ns on %d runners".formatted(rate, total, runners);
                    assertThat(sum).describedAs(what).isEqualTo(whole);
                    assertThat(started)
                            .describedAs("%s: every global arrival, once", what)
                            .containsExactlyElementsOf(java.util.stream.LongStream.range(0, whole)
                                    .boxed()
                                    .toList());
                    assertThat(max - min).describedAs("%s: an even split", what).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void threeRunnersTogetherRunTheWholeTestAndTheirMergeIsWhatTheServerSaw() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("/a", r -> Reply.ok("")).on("/b", r -> Reply.ok(""));
            LoadTest test = Runs.parse(Runs.spec(server.url(), "{users: 10, duration: 1s}", """
                    thinkTime: {constant: 50ms}
                    scenario:
                      userClasses:
                        - {name: a, weight: 70, tasks: [{name: a, request: {path: /a, headers: {X-User: "${vu.id}"}}}]}
                        - {name: b, weight: 30, tasks: [{name: b, request: {path: /b, headers: {X-User: "${vu.id}"}}}]}
                    """));
            List<Future<RunResult>> parts = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 3; i++) {
                    RunOptions o = new RunOptions(null, Map.of(), 500).withShare(new RunnerShare(i, 3));
                    LoadRun run =
                            new LoadRun(Runs.parse(Runs.spec(server.url(), "{users: 10, duration: 1s}", """
                            thinkTime: {constant: 50ms}
                            scenario:
                              userClasses:
                                - {name: a, weight: 70, tasks: [{name: a, request: {path: /a, headers: {X-User: "${vu.id}"}}}]}
                                - {name: b, weight: 30, tasks: [{name: b, request: {path: /b, headers: {X-User: "${vu.id}"}}}]}
                            """)), "t", o);
                    parts.add(pool.submit(() -> run.run(p -> {})));
                }
            }
            List<RunSnapshot> snapshots = new ArrayList<>();
            for (Future<RunResult> f : parts) {
                snapshots.add(f.get().snapshot());
            }
            RunSnapshot merged = RunSnapshot.merge(snapshots);
            assertThat(merged.requests()).isEqualTo(server.total());
            assertThat(merged.maxUsers).isEqualTo(test.spec.load.users);
            Map<String, Set<String>> users = server.seen().stream()
                    .collect(Collectors.groupingBy(
                            TestServer.Seen::path, Collectors.mapping(s -> s.header("X-User"), Collectors.toSet())));
            assertThat(users.get("/a")).hasSize(7);
            assertThat(users.get("/b")).hasSize(3);
        }
    }
}
