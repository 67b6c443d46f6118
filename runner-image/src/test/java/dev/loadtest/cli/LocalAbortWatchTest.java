package dev.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.stats.EndpointRecorder;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A laptop judges abort rules over the span the operator does, not over each 1 s progress tick. */
class LocalAbortWatchTest {
    /** A watch of one rule over a run that is never started: the ticks are the test's. */
    private static LocalAbortWatch watch(String rule) {
        LoadRun run = new LoadRun(LoadTestParser.parse("""
                        apiVersion: loadtest.dev/v1alpha1
                        kind: LoadTest
                        spec:
                          target: {url: "http://127.0.0.1:9"}
                          load: {users: 1, duration: 1m}
                          scenario: {tasks: [{name: home, request: {path: /}}]}
                        """, "t.yaml"), "t", RunOptions.local(null));
        return new LocalAbortWatch(List.of(rule), run, () -> null);
    }

    @Test
    void oneFailureInAQuietSecondDoesNotFireARuleTheClusterWouldNotFire() {
        LocalAbortWatch watch = watch("http_req_failed: rate > 50%");
        StatsCollector stats = new StatsCollector("t", 1000);
        EndpointRecorder home = stats.endpoint("home");
        // a slow endpoint, one request a second; the 5th fails: 1 in 1 s is 100 %, 1 in 3 s is 33 %
        for (int s = 1; s <= 8; s++) {
            home.record(100_000, s == 5 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 10, 10);
            stats.sample(s * 1000L);
            watch.tick(stats.snapshot());
        }
        assertThat(watch.fired()).isNull();

        for (int i = 0; i < 3; i++) {
            home.record(100_000, Outcome.HTTP_5XX, 10, 10);
        }
        stats.sample(9000);
        watch.tick(stats.snapshot());
        assertThat(watch.fired())
                .describedAs("3 failures in the last 3 s (seconds 7-9) of 5 requests: 60 %")
                .isNotNull();
        assertThat(watch.fired().measured()).isEqualTo("rate=60.00%");
    }

    /** A target failing from the first request is judged from the run's start, by the 3 s look. */
    @Test
    void aRuleCanFireInTheFirstSecondsOfARun() {
        LocalAbortWatch watch = watch("http_req_failed: rate > 50%");
        StatsCollector stats = new StatsCollector("t", 1000);
        EndpointRecorder home = stats.endpoint("home");
        for (int s = 1; s <= 3; s++) {
            home.record(100_000, Outcome.HTTP_5XX, 10, 10);
            stats.sample(s * 1000L);
            watch.tick(stats.snapshot());
            assertThat(watch.fired()).as("second %d", s).isEqualTo(s < 3 ? null : watch.fired());
        }
        assertThat(watch.fired()).isNotNull();
        assertThat(watch.fired().measured()).isEqualTo("rate=100.00%");
    }
}
