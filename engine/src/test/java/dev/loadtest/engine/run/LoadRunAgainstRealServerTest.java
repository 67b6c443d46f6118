package dev.loadtest.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadtest.engine.Runs;
import dev.loadtest.engine.TestServer;
import dev.loadtest.engine.TestServer.Reply;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.IntervalStats;
import dev.loadtest.engine.stats.RunSnapshot;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against a real HTTP server on loopback: its numbers must be what the server saw. */
class LoadRunAgainstRealServerTest {
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void requestCountsEqualWhatTheServerAnswered() {
        server.on("/ok", r -> Reply.ok("fine"));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 8, duration: 2s}", """
                scenario:
                  tasks:
                    - name: ok
                      request: {path: /ok}
                """));
        RunSnapshot s = result.snapshot();
        assertThat(s.requests()).isGreaterThan(100);
        assertThat(s.requests()).describedAs("engine count vs server count").isEqualTo(server.count("/ok"));
        assertThat(s.totals.get("ok").success).isEqualTo(server.count("/ok"));
        assertThat(s.totals.get("ok").latencies().getTotalCount())
                .describedAs("one latency per request")
                .isEqualTo(s.requests());
        long sumOfIntervals =
                s.intervals.stream().mapToLong(IntervalStats::requests).sum();
        assertThat(sumOfIntervals)
                .describedAs("the time series adds up to the totals")
                .isEqualTo(s.requests());
        assertThat(s.iterations).isEqualTo(s.requests());
    }

    @Test
    void userClassesFollowTheirWeightsExactlyAndTheServerSeesTheMix() {
        server.on("/regular", r -> Reply.ok("r"))
                .on("/power", r -> Reply.ok("p"))
                .on("/admin", r -> Reply.ok("a"));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 10, duration: 2s}", """
                thinkTime: {constant: 50ms}
                scenario:
                  userClasses:
                    - {name: regular, weight: 70, tasks: [{name: regular, request: {path: /regular, headers: {X-User: "${vu.id}"}}}]}
                    - {name: power, weight: 20, tasks: [{name: power, request: {path: /power, headers: {X-User: "${vu.id}"}}}]}
                    - {name: admin, weight: 10, tasks: [{name: admin, request: {path: /admin, headers: {X-User: "${vu.id}"}}}]}
                """));
        Map<String, Set<String>> usersByPath = server.seen().stream()
                .collect(Collectors.groupingBy(
                        TestServer.Seen::path, Collectors.mapping(s -> s.header("X-User"), Collectors.toSet())));
        assertThat(usersByPath.get("/regular")).hasSize(7);
        assertThat(usersByPath.get("/power")).hasSize(2);
        assertThat(usersByPath.get("/admin")).hasSize(1);
        Set<String> all = new HashSet<>();
        usersByPath.values().forEach(all::addAll);
        assertThat(all).describedAs("each user belongs to one class").hasSize(10);
        for (String path : new String[] {"/regular", "/power", "/admin"}) {
            assertThat(result.snapshot().totals.get(path.substring(1)).requests())
                    .isEqualTo(server.count(path));
        }
        double share = server.count("/regular") / (double) server.total();
        assertThat(share).isCloseTo(0.70, within(0.05));
    }

    /** In the open model each arrival's class follows the weights, whichever user happens to be free. */
    @Test
    void openModelArrivalsFollowTheClassWeightsExactly() {
        server.on("/a", r -> Reply.ok("a")).on("/b", r -> Reply.ok("b"));
        RunSnapshot s = Runs.run(Runs.spec(server.url(), "{arrivalRate: {rate: 40}, maxUsers: 8, duration: 2s}", """
                        scenario:
                          userClasses:
                            - {name: a, weight: 1, tasks: [{name: a, request: {path: /a}}]}
                            - {name: b, weight: 3, tasks: [{name: b, request: {path: /b}}]}
                        """))
                .snapshot();
        assertThat(s.dropped).isZero();
        assertThat(s.iterations).isEqualTo(80);
        assertThat(server.count("/a")).isEqualTo(20).isEqualTo(s.totals.get("a").requests());
        assertThat(server.count("/b")).isEqualTo(60).isEqualTo(s.totals.get("b").requests());
    }

    /**
     * maxUsers is shared by the classes' weights: a slow class short of free users drops its
     * arrivals rather than replacing the fast class's user at every turn (a new login and
     * connection each time), and a class with no user at all still gets one.
     */
    @Test
    void openModelSharesMaxUsersByWeightWithoutReplacingUsersOverAndOver() {
        server.on("/slow", r -> Reply.ok("s").delayed(300))
                .on("/fast", r -> Reply.ok("f"))
                .on("/a", r -> Reply.ok("a"))
                .on("/b", r -> Reply.ok("b"));
        RunSnapshot s = Runs.run(Runs.spec(
                        server.url(), "{arrivalRate: {rate: 10}, maxUsers: 2, duration: 1s, gracefulStop: 2s}", """
                        scenario:
                          userClasses:
                            - {name: slow, tasks: [{name: slow, request: {path: /slow, headers: {X-User: "${vu.id}"}}}]}
                            - {name: fast, tasks: [{name: fast, request: {path: /fast, headers: {X-User: "${vu.id}"}}}]}
                        """))
                .snapshot();
        assertThat(server.count("/fast")).isEqualTo(5);
        assertThat(server.count("/slow") + s.dropped)
                .describedAs("the slow class's arrivals: run or dropped, none lost")
                .isEqualTo(5);
        assertThat(s.dropped)
                .describedAs("slow arrivals while its one user was busy")
                .isPositive();
        assertThat(server.seen()).extracting(seen -> seen.header("X-User")).containsOnly("0", "1");

        RunSnapshot one = Runs.run(Runs.spec(server.url(), "{arrivalRate: {rate: 10}, maxUsers: 1, duration: 1s}", """
                        scenario:
                          userClasses:
                            - {name: a, tasks: [{name: a, request: {path: /a, headers: {X-User: "${vu.id}"}}}]}
                            - {name: b, tasks: [{name: b, request: {path: /b, headers: {X-User: "${vu.id}"}}}]}
                        """))
                .snapshot();
        assertThat(one.dropped)
                .describedAs("fewer users than classes: each class still runs")
                .isZero();
        assertThat(server.count("/a")).isEqualTo(5);
        assertThat(server.count("/b")).isEqualTo(5);
        assertThat(server.seen())
                .filteredOn(seen -> seen.path().equals("/a") || seen.path().equals("/b"))
                .extracting(seen -> seen.header("X-User"))
                .describedAs("a user replacing another is a new user: a new id (and data row)")
                .doesNotHaveDuplicates();
    }

    @Test
    void thinkTimeSetsTheRequestRate() {
        server.on("/t", r -> Reply.ok(""));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 10, duration: 3s}", """
                thinkTime: {constant: 200ms}
                scenario:
                  tasks: [{name: t, request: {path: /t}}]
                """));
        // 10 users, each one request per ~200 ms (+ a ~1 ms request) for 3 s: about 150 requests
        assertThat(result.snapshot().requests()).isBetween(120L, 160L);
    }

    @Test
    void rampUpAddsUsersLinearlyAndTheRateFollows() {
        server.on("/r", r -> Reply.ok(""));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 20, rampUp: 2s, duration: 3s}", """
                thinkTime: {constant: 100ms}
                scenario:
                  tasks: [{name: r, request: {path: /r}}]
                """));
        RunSnapshot s = result.snapshot();
        // 500 ms intervals: users at the ends of 0.5 s, 1 s, 1.5 s are about 5, 10, 15; then 20
        assertThat(s.intervals.get(0).users).isBetween(4, 6);
        assertThat(s.intervals.get(1).users).isBetween(9, 11);
        assertThat(s.intervals.get(2).users).isBetween(14, 16);
        assertThat(s.intervals.get(4).users).isEqualTo(20);
        assertThat(s.maxUsers).isEqualTo(20);
        // expected requests ≈ ∫ users(t) dt / 0.1 s = (2 s × 10 avg + 1 s × 20) / 0.1 = 400
        assertThat(s.requests()).isBetween(330L, 420L);
        assertThat(s.intervals.get(1).requests())
                .describedAs("fewer requests early in the ramp")
                .isLessThan(s.intervals.get(4).requests());
    }

    @Test
    void latenciesMatchAServerWithAKnownDelay() {
        server.on("/slow", r -> Reply.ok("x").delayed(50));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 5, duration: 2s}", """
                scenario:
                  tasks: [{name: slow, request: {path: /slow}}]
                """));
        Histogram h = result.snapshot().totals.get("slow").latencies();
        assertThat(h.getMinValue() / 1000.0)
                .describedAs("no request can be faster than the delay")
                .isGreaterThanOrEqualTo(50.0);
        assertThat(h.getValueAtPercentile(50) / 1000.0).isBetween(50.0, 60.0);
        // 5 users back to back with 50 ms each: about 100 requests/s for 2 s
        assertThat(result.snapshot().requests()).isBetween(150L, 205L);
    }

    @Test
    void aTokenExtractedAtLoginIsSentByTheUsersLaterRequests() {
        AtomicInteger next = new AtomicInteger();
        Map<String, String> tokenByUser = new ConcurrentHashMap<>();
        server.on("/login", r -> {
            String token = "tok-" + next.incrementAndGet();
            tokenByUser.put(r.header("X-User"), token);
            return new Reply(
                    200, "{\"access_token\":\"" + token + "\"}", 0, Map.of("Set-Cookie", "sid=" + token + "; Path=/"));
        });
        server.on("/docs", r -> {
            String expected = "Bearer " + tokenByUser.get(r.header("X-User"));
            boolean cookie = ("sid=" + tokenByUser.get(r.header("X-User"))).equals(r.header("Cookie"));
            return expected.equals(r.header("Authorization")) && cookie
                    ? new Reply(201, "ok", 0, Map.of())
                    : new Reply(401, "no", 0, Map.of());
        });
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 4, duration: 1s}", """
                thinkTime: {constant: 50ms}
                scenario:
                  onStart:
                    - name: login
                      request: {method: POST, path: /login, headers: {X-User: "${vu.id}"}, json: {user: "${vu.id}"}}
                      extract: {token: $.access_token}
                  tasks:
                    - name: docs
                      request: {method: POST, path: /docs, headers: {X-User: "${vu.id}", Authorization: "Bearer ${token}"}, body: "x"}
                      checks: [{status: 201}]
                """));
        EndpointStats docs = result.snapshot().totals.get("docs");
        assertThat(server.count("/login")).isEqualTo(4);
        assertThat(docs.requests()).isGreaterThan(20).isEqualTo(server.count("/docs"));
        assertThat(docs.http4xx)
                .describedAs("every upload carried its own user's token and cookie")
                .isZero();
        assertThat(docs.success).isEqualTo(docs.requests());
    }

    @Test
    void eachOutcomeIsCountedApart() {
        server.on("/ok", r -> Reply.ok("{\"status\":\"ok\"}"));
        server.on("/missing", r -> new Reply(404, "no", 0, Map.of()));
        server.on("/broken", r -> new Reply(503, "down", 0, Map.of()));
        server.on("/slow", r -> Reply.ok("late").delayed(400));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 1, duration: 1s}", """
                scenario:
                  tasks:
                    - steps:
                        - {name: ok, request: {path: /ok}, checks: [{json: {path: $.status, equals: ok}}]}
                        - {name: wrong-body, request: {path: /ok}, checks: [{bodyContains: "nope"}]}
                        - {name: missing, request: {path: /missing}}
                        - {name: expected-404, request: {path: /missing}, checks: [{status: 404}]}
                        - {name: broken, request: {path: /broken}}
                        - {name: timeout, request: {path: /slow, timeout: 100ms}}
                        - {name: refused, request: {url: "http://127.0.0.1:1/x"}}
                """));
        Map<String, EndpointStats> t = result.snapshot().totals;
        assertThat(t.get("ok").success).isPositive().isEqualTo(t.get("ok").requests());
        assertThat(t.get("wrong-body").checkFailed)
                .isPositive()
                .isEqualTo(t.get("wrong-body").requests());
        assertThat(t.get("missing").http4xx)
                .isPositive()
                .isEqualTo(t.get("missing").requests());
        assertThat(t.get("expected-404").success)
                .describedAs("a 404 the check expects is a success")
                .isEqualTo(t.get("expected-404").requests());
        assertThat(t.get("broken").http5xx)
                .isPositive()
                .isEqualTo(t.get("broken").requests());
        assertThat(t.get("timeout").timeout)
                .isPositive()
                .isEqualTo(t.get("timeout").requests());
        assertThat(t.get("refused").connectionError)
                .isPositive()
                .isEqualTo(t.get("refused").requests());
        assertThat(t.get("timeout").latencies().getMinValue() / 1000.0).isBetween(95.0, 300.0);
    }

    @Test
    void rampDownLetsInFlightRequestsFinishAndCountsThem() {
        server.on("/slow", r -> Reply.ok("x").delayed(300));
        RunResult result = Runs.run(
                Runs.spec(server.url(), "{stages: [{duration: 1s, users: 6}, {duration: 1s, users: 0}]}", """
                scenario:
                  tasks: [{name: slow, request: {path: /slow}}]
                """));
        EndpointStats slow = result.snapshot().totals.get("slow");
        assertThat(slow.requests()).isPositive();
        assertThat(slow.requests())
                .describedAs("nothing the server answered is lost")
                .isEqualTo(server.count("/slow"));
        assertThat(slow.connectionError + slow.timeout).isZero();
        IntervalStats last =
                result.snapshot().intervals.get(result.snapshot().intervals.size() - 1);
        assertThat(last.users).isZero();
    }

    @Test
    void stoppingEarlyKeepsWhatWasMeasured() throws Exception {
        server.on("/s", r -> Reply.ok("x").delayed(100));
        LoadRun run = new LoadRun(
                Runs.parse(Runs.spec(server.url(), "{users: 3, duration: 30s}", """
                scenario:
                  tasks: [{name: s, request: {path: /s}}]
                """)),
                "t",
                new RunOptions(null, Map.of(), 500));
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ignored) {
            }
            run.stop();
        });
        long t0 = System.nanoTime();
        RunResult result = run.run(p -> {});
        stopper.join();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.snapshot().requests()).isPositive().isEqualTo(server.count("/s"));
    }

    @Test
    void dataRowsGoOnePerUserWrappingAround() throws Exception {
        server.on("/q", r -> Reply.ok(""));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("data");
        java.nio.file.Files.writeString(dir.resolve("rows.csv"), "name,city\nana,Lisbon\n\"bo, jr\",Oslo\ncy,Rome\n");
        Runs.run(Runs.spec(server.url(), "{users: 5, duration: 500ms}", """
                thinkTime: {constant: 100ms}
                data: [{name: rows, file: rows.csv}]
                scenario:
                  tasks: [{name: q, request: {path: /q, headers: {X-User: "${vu.id}", X-Name: "${data.rows.name}"}, query: {city: "${data.rows.city}"}}}]
                """), Map.of(), dir);
        Map<String, Set<String>> names = server.seen().stream()
                .collect(Collectors.groupingBy(
                        s -> s.header("X-User"),
                        Collectors.mapping(s -> s.header("X-Name") + "|" + s.query(), Collectors.toSet())));
        assertThat(names.get("0")).containsExactly("ana|city=Lisbon");
        assertThat(names.get("1")).containsExactly("bo, jr|city=Oslo");
        assertThat(names.get("2")).containsExactly("cy|city=Rome");
        assertThat(names.get("3")).describedAs("wraps around").containsExactly("ana|city=Lisbon");
    }

    @Test
    void envValuesReachTemplatesAndAMissingOneStopsTheRunBeforeAnyRequest() {
        server.on("/e", r -> Reply.ok(""));
        String yaml = Runs.spec(server.url(), "{users: 1, duration: 300ms}", """
                env: [{name: FROM_SPEC, value: spec-value}]
                scenario:
                  tasks: [{name: e, request: {path: /e, headers: {A: "${env.FROM_SPEC}", B: "${env.FROM_SHELL}"}}}]
                """);
        Runs.run(yaml, Map.of("FROM_SHELL", "shell-value"), null);
        assertThat(server.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("A")).isEqualTo("spec-value");
            assertThat(s.header("B")).isEqualTo("shell-value");
        });
        long before = server.total();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(yaml, Map.of(), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining("spec.scenario.tasks[0].request.headers.B")
                .hasMessageContaining("${env.FROM_SHELL} is not set")
                .hasMessageContaining("export FROM_SHELL=");
        assertThat(server.total()).isEqualTo(before);
    }

    /** CI passes the target from a secret (as k6's __ENV.BASE_URL): the base URL is expanded before the run. */
    @Test
    void aTargetUrlFromTheEnvironmentIsWhereRequestsGo() {
        server.on("/e", r -> Reply.ok(""));
        String fromShell = Runs.spec("\"${env.BASE_URL}\"", "{users: 1, duration: 300ms}", """
                scenario:
                  tasks: [{name: e, request: {path: /e}}]
                """);
        RunResult result = Runs.run(fromShell, Map.of("BASE_URL", server.url()), null);
        assertThat(server.count("/e")).isPositive().isEqualTo(result.snapshot().requests());

        long before = server.total();
        String fromRunnersEnv =
                Runs.spec("\"http://${env.HOST}:${env.PORT}\"", "{users: 1, duration: 300ms}", """
                runners: {env: [{name: HOST, value: 127.0.0.1}, {name: PORT, value: "%s"}]}
                scenario:
                  tasks: [{name: e, request: {path: /e}}]
                """.formatted(
                                server.url().substring(server.url().lastIndexOf(':') + 1)));
        LoadRun run = new LoadRun(Runs.parse(fromRunnersEnv), "test.yaml", new RunOptions(null, Map.of(), 500));
        assertThat(run.targetUrl()).isEqualTo(server.url());
        run.run(p -> {});
        assertThat(server.total())
                .describedAs("spec.runners.env, as in a runner pod")
                .isGreaterThan(before);

        // a URL that is no template is used as written, as the validator and the queue read it
        String plain = Runs.spec("\"" + server.url() + "/a$$b\"", "{users: 1, duration: 300ms}", """
                scenario:
                  tasks: [{name: e, request: {path: /e}}]
                """);
        assertThat(new LoadRun(Runs.parse(plain), "test.yaml", new RunOptions(null, Map.of(), 500)).targetUrl())
                .isEqualTo(server.url() + "/a$$b");
    }

    @Test
    void aTestWithOnlyAGenerateNameIsNamedByItsPrefix() {
        server.on("/e", r -> Reply.ok(""));
        String yaml = Runs.spec(server.url(), "{users: 1, duration: 300ms}", """
                        scenario:
                          tasks: [{name: e, request: {path: /e}}]
                        """)
                .replace("metadata: {name: t}", "metadata: {generateName: checkout-smoke-}");

        assertThat(Runs.run(yaml).snapshot().name).isEqualTo("checkout-smoke");
        assertThat(Runs.run(yaml.replace("metadata: {generateName: checkout-smoke-}\n", ""))
                        .snapshot()
                        .name)
                .describedAs("neither: as before")
                .isEqualTo("loadtest");
    }

    @Test
    void anUnsetOrWrongTargetUrlFromTheEnvironmentStopsTheRunBeforeAnyRequest() {
        String yaml = Runs.spec("\"${env.BASE_URL}\"", "{users: 1, duration: 300ms}", """
                scenario:
                  tasks: [{name: e, request: {path: /e}}]
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(yaml, Map.of(), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining("spec.target.url: ${env.BASE_URL} is not set: export BASE_URL=... or add"
                        + " {name: BASE_URL, value: ...} to spec.env");
        // a value from the environment may be a secret's: the message says what is wrong, never the value
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Runs.run(yaml, Map.of("BASE_URL", "https://user:pass@api.example.com\n"), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining("spec.target.url: ${env.BASE_URL} is not an http:// or https:// URL with a host"
                        + " (the value is not shown: it comes from the environment and may be secret; look for a"
                        + " missing http:// or a trailing newline); set BASE_URL to one, e.g. https://api.example.com")
                .message()
                .doesNotContain("pass");
        String spelledOut = yaml.replace("scenario:", "env: [{name: BASE_URL, value: foo}]\n  scenario:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(spelledOut, Map.of(), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining("spec.target.url: ${env.BASE_URL} is \"foo\", expected an http:// or https://"
                        + " URL with a host; set BASE_URL to one, e.g. https://api.example.com");
        String secret = yaml.replace(
                "scenario:", "env: [{name: BASE_URL, valueFrom: {secretKeyRef: {name: s, key: url}}}]\n  scenario:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(secret, Map.of(), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining("spec.target.url: ${env.BASE_URL} is not set: it comes from a secret in a"
                        + " cluster; locally export BASE_URL=...");
        String composed = yaml.replace("${env.BASE_URL}", "http://${env.HOST}:8080");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(
                        composed.replace("scenario:", "env: [{name: HOST, value: a b}]\n  scenario:"), Map.of(), null))
                .isInstanceOf(dev.loadtest.api.parse.InvalidLoadTestException.class)
                .hasMessageContaining(
                        "spec.target.url: \"http://${env.HOST}:8080\" expands to \"http://a b:8080\"," + " not a URL (")
                .hasMessageContaining("check the value of HOST");
        assertThat(server.total()).isZero();
    }

    /** As in a runner pod: spec.runners.env sets the environment, spec.env wins over it, both over the shell. */
    @Test
    void runnersEnvReachesTemplatesLocallyAsInARunnerPod() {
        server.on("/e", r -> Reply.ok(""));
        String yaml = Runs.spec(server.url(), "{users: 1, duration: 300ms}", """
                env: [{name: BOTH, value: from-spec}]
                runners:
                  env:
                    - {name: POD_ONLY, value: from-runners}
                    - {name: BOTH, value: from-runners}
                    - {name: EXPANDED, value: "$(BOTH)/$(POD_ONLY)/shard-$(LOADTEST_RUNNER_INDEX)/$(NONE)/a$$b"}
                scenario:
                  tasks:
                    - name: e
                      request:
                        path: /e
                        headers:
                          A: "${env.POD_ONLY}"
                          B: "${env.BOTH}"
                          C: "${env.EXPANDED}"
                          D: "${env.LOADTEST_RUNNER_INDEX}/${env.LOADTEST_RUNNER_COUNT}"
                """);
        Runs.run(yaml, Map.of("POD_ONLY", "from-shell", "BOTH", "from-shell"), null);
        assertThat(server.seen()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.header("A")).isEqualTo("from-runners");
            assertThat(s.header("B")).isEqualTo("from-spec");
            assertThat(s.header("C"))
                    .describedAs("expanded as the kubelet expands it in a pod")
                    .isEqualTo("from-runners/from-runners/shard-0/$(NONE)/a$b");
            assertThat(s.header("D"))
                    .describedAs("runner 0 of 1, as the operator would set")
                    .isEqualTo("0/1");
        });
    }

    @Test
    void thresholdsPassAndFailWithTheirMeasuredValues() {
        server.on("/x", r -> Reply.ok("x").delayed(20));
        RunResult result = Runs.run(Runs.spec(server.url(), "{users: 2, duration: 1s}", """
                thresholds:
                  - "http_req_duration: p(95) < 500ms"
                  - "http_req_duration: med < 5ms"
                  - "http_req_failed: rate < 1%"
                  - "http_reqs: count > 1000"
                  - "http_req_duration{name:x}: min >= 20ms"
                  - "checks: rate > 99%"
                scenario:
                  tasks: [{name: x, request: {path: /x}, checks: [{status: 200}]}]
                """));
        var t = result.thresholds();
        assertThat(t).extracting(r -> r.ok()).containsExactly(true, false, true, false, true, true);
        assertThat(t.get(1).measured()).isBetween(20.0, 30.0);
        assertThat(t.get(1).measuredText()).startsWith("med=2");
        assertThat(t.get(3).measured()).isEqualTo(result.snapshot().requests());
        assertThat(result.passed()).isFalse();
    }

    @Test
    void openModelStartsIterationsAtTheRateAndCountsDroppedOnes() {
        server.on("/fast", r -> Reply.ok(""));
        server.on("/slow", r -> Reply.ok("").delayed(300));
        RunResult fast = Runs.run(
                Runs.spec(server.url(), "{arrivalRate: {rate: 100, per: 1s}, maxUsers: 20, duration: 2s}", """
                scenario:
                  tasks: [{name: fast, request: {path: /fast}}]
                """));
        assertThat(fast.snapshot().iterations)
                .describedAs("every arrival due before the end runs, the last ones too")
                .isEqualTo(200);
        assertThat(fast.snapshot().dropped).isZero();
        RunResult slow =
                Runs.run(Runs.spec(server.url(), "{arrivalRate: {rate: 20, per: 1s}, maxUsers: 2, duration: 2s}", """
                thresholds: ["dropped_iterations: count == 0"]
                scenario:
                  tasks: [{name: slow, request: {path: /slow}}]
                """));
        RunSnapshot s = slow.snapshot();
        // 2 users each busy 300 ms serve at most ~7 of the 20 arrivals a second; the rest are dropped
        assertThat(s.dropped).isGreaterThan(15);
        assertThat(s.iterations + s.dropped)
                .describedAs("every arrival is either run or counted as dropped")
                .isEqualTo(40);
        assertThat(slow.thresholds().get(0).ok()).isFalse();
        assertThat(slow.thresholds().get(0).measured()).isEqualTo(s.dropped);
    }
}
