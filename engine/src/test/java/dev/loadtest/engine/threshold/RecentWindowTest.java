package dev.loadtest.engine.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.EndpointRecorder;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** "Recent" spans the same stretch whether the run is looked at every second or every 3 s. */
class RecentWindowTest {
    @Test
    void aLookComparesWithTheNewestSnapshotAtLeastTheSpanOlder() {
        RecentWindow w = new RecentWindow();
        assertThat(w.before(at(1000))).isNull();
        assertThat(w.before(at(2000))).isNull();
        RunSnapshot start = w.before(at(3000));
        assertThat(start.elapsedMs).describedAs("the run's start").isZero();
        assertThat(start.requests()).isZero();
        assertThat(w.before(at(4000)).elapsedMs).isEqualTo(1000);
        assertThat(w.before(at(5000)).elapsedMs).isEqualTo(2000);
        assertThat(w.before(at(7900)).elapsedMs).isEqualTo(5000);
        assertThat(w.before(at(500)))
                .describedAs("another run's clock: nothing to compare with")
                .isNull();

        RecentWindow restarted = new RecentWindow(); // an operator restarted mid-run
        assertThat(restarted.before(at(60_000))).isNull();
        assertThat(restarted.before(at(63_000)).elapsedMs).isEqualTo(60_000);
    }

    @Test
    void looksEverySecondAndEveryThreeSecondsMeasureTheSameAtTheSameMoments() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        StatsCollector stats = new StatsCollector("t", 1000);
        EndpointRecorder home = stats.endpoint("home");
        List<RunSnapshot> seconds = new ArrayList<>();
        for (int s = 1; s <= 60; s++) { // a slow endpoint: 0-2 requests a second, some failing
            int requests = random.nextInt(3);
            for (int i = 0; i < requests; i++) {
                home.record(
                        1000 + random.nextInt(900_000),
                        random.nextInt(4) == 0 ? Outcome.HTTP_5XX : Outcome.SUCCESS,
                        10,
                        10);
            }
            stats.sample(s * 1000L);
            seconds.add(stats.snapshot());
        }
        for (String rule :
                List.of("http_req_failed: rate > 50%", "http_req_duration: p(95) > 500ms", "http_reqs: rate > 1/s")) {
            Threshold t = ThresholdParser.parseAbortRule(rule);
            RecentWindow laptop = new RecentWindow();
            RecentWindow cluster = new RecentWindow();
            for (int i = 0; i < seconds.size(); i++) {
                RunSnapshot now = seconds.get(i);
                RunSnapshot tick = laptop.before(now);
                if ((i + 1) % 3 == 0) {
                    RunSnapshot look = cluster.before(now);
                    Double a = RecentMeasures.measure(t, tick, now);
                    Double b = RecentMeasures.measure(t, look, now); // Double: NaN (no data) equals NaN
                    assertThat(a).as("%s at %d s, seed %d", rule, i + 1, seed).isEqualTo(b);
                }
            }
        }
    }

    private static RunSnapshot at(long elapsedMs) {
        RunSnapshot s = new RunSnapshot();
        s.elapsedMs = elapsedMs;
        return s;
    }
}
