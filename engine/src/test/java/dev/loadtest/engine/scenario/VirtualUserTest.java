package dev.loadtest.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.engine.RawServer;
import dev.loadtest.engine.Runs;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualUserTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static CompiledScenario scenario(String url, StatsCollector stats) {
        return scenario(url, stats, "GET");
    }

    private static CompiledScenario scenario(String url, StatsCollector stats, String method) {
        LoadTest t = Runs.parse(Runs.spec(url, "{users: 1, duration: 1s}", """
                scenario:
                  tasks: [{name: e, request: {method: METHOD, path: /}}]
                """.replace("METHOD", method)));
        return CompiledScenario.compile(t.spec, new RunContext(stats, Map.of(), Map.of(), false));
    }

    @Test
    void openModelLatencyIsMeasuredFromTheIntendedStart() throws Exception {
        try (RawServer server = new RawServer(i -> OK, false)) {
            StatsCollector stats = new StatsCollector("t", 1000);
            VirtualUser vu = new VirtualUser(scenario(server.url(), stats), 0);
            vu.runIteration(System.nanoTime()); // sets up the connection: a fresh user's clock starts after setup
            vu.runIteration(System.nanoTime() - 500_000_000L); // this arrival was due 500 ms ago
            vu.closeConnections();
            EndpointStats e = stats.sample(1000).endpoints.get("e");
            assertThat(e.requests()).isEqualTo(2);
            assertThat(e.latencies().getMaxValue() / 1000.0)
                    .describedAs("the late start counts against the target (coordinated omission)")
                    .isGreaterThanOrEqualTo(500.0);
            assertThat(e.latencies().getMinValue() / 1000.0).isLessThan(100.0);
        }
    }

    @Test
    void aKeepAliveConnectionTheServerClosedWhileIdleIsReopenedWithoutAFailure() throws Exception {
        try (RawServer server = new RawServer(i -> OK, true)) {
            StatsCollector stats = new StatsCollector("t", 1000);
            VirtualUser vu = new VirtualUser(scenario(server.url(), stats), 0);
            for (int i = 0; i < 5; i++) {
                vu.runIteration(0);
                Thread.sleep(20); // the server has closed its end by now
            }
            vu.closeConnections();
            EndpointStats e = stats.sample(1000).endpoints.get("e");
            assertThat(e.requests()).isEqualTo(5);
            assertThat(e.success).isEqualTo(5);
            assertThat(server.requests.get())
                    .describedAs("each request reached the server once")
                    .isEqualTo(5);
            assertThat(server.connections.get()).isEqualTo(5);
        }
    }

    @Test
    void classesAreAssignedSoEveryPrefixOfUsersFollowsTheWeights() {
        ClassMix mix = new ClassMix(java.util.List.of(70, 20, 10));
        int[] counts = new int[3];
        for (int u = 0; u < 10; u++) {
            counts[mix.classOf(u)]++;
        }
        assertThat(counts).containsExactly(7, 2, 1);
        counts = new int[3];
        for (int u = 0; u < 1000; u++) {
            counts[mix.classOf(u)]++;
        }
        assertThat(counts).containsExactly(700, 200, 100);
        ClassMix withZero = new ClassMix(java.util.List.of(0, 1));
        for (int u = 0; u < 10; u++) {
            assertThat(withZero.classOf(u))
                    .describedAs("a class of weight 0 gets no users")
                    .isEqualTo(1);
        }
    }

    @Test
    void aPostTheTargetReadButNeverAnsweredIsNotSentAgain() throws Exception {
        // every second request: read whole, then the connection closed without an answer (a crash
        // after the order was taken). Sent again, the target would hold two orders, the tool one.
        try (RawServer server = new RawServer(i -> i % 2 == 1 ? null : OK, false)) {
            StatsCollector stats = new StatsCollector("t", 1000);
            VirtualUser vu = new VirtualUser(scenario(server.url(), stats, "POST"), 0);
            for (int i = 0; i < 6; i++) {
                vu.runIteration(0);
            }
            vu.closeConnections();
            EndpointStats e = stats.sample(1000).endpoints.get("e");
            assertThat(e.requests())
                    .describedAs("requests counted vs what the target read")
                    .isEqualTo(server.requests.get())
                    .isEqualTo(6);
            assertThat(e.connectionError).isEqualTo(3);
        }
    }

    @Test
    void aPostOnAConnectionTheServerClosedWhileIdleGoesOnAFreshOneWithoutAFailure() throws Exception {
        try (RawServer server = new RawServer(i -> OK, true)) {
            StatsCollector stats = new StatsCollector("t", 1000);
            VirtualUser vu = new VirtualUser(scenario(server.url(), stats, "POST"), 0);
            for (int i = 0; i < 3; i++) {
                vu.runIteration(0);
                Thread.sleep(VirtualUser.PROBE_AFTER_IDLE_NANOS / 1_000_000 + 50); // idle: probed before reuse
            }
            vu.closeConnections();
            EndpointStats e = stats.sample(1000).endpoints.get("e");
            assertThat(e.success).isEqualTo(3).isEqualTo(e.requests());
            assertThat(server.requests.get()).isEqualTo(3);
            assertThat(server.connections.get()).isEqualTo(3);
        }
    }
}
