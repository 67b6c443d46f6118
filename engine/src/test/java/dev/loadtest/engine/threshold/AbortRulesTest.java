package dev.loadtest.engine.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.engine.stats.EndpointRecorder;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Abort rules: recent values, sustained windows, counts, target gauges. */
class AbortRulesTest {
    private final StatsCollector stats = new StatsCollector("t", 1000);
    private final EndpointRecorder home = stats.endpoint("home");
    private long elapsed;

    private RunSnapshot look(int ok, int failed, long latencyMicros) {
        for (int i = 0; i < ok; i++) {
            home.record(latencyMicros, Outcome.SUCCESS, 10, 10);
        }
        for (int i = 0; i < failed; i++) {
            home.record(latencyMicros, Outcome.HTTP_5XX, 10, 10);
        }
        elapsed += 3000;
        stats.sample(elapsed);
        return stats.snapshot();
    }

    @Test
    void rateIsJudgedOnTheLatestStretchNotTheWholeRun() {
        Map<String, AbortRules.Holding> holding = new HashMap<>();
        List<String> rules = List.of("http_req_failed: rate > 5%");
        RunSnapshot good = look(10_000, 0, 1000);
        RunSnapshot bad = look(90, 10, 1000); // 10 % failing now; 0.1 % over the whole run

        AbortRules.Holding fired = AbortRules.check(rules, good, bad, null, 1000, holding);

        assertThat(fired).isNotNull();
        assertThat(fired.measured()).isEqualTo("rate=10.00%");
    }

    @Test
    void windowMustHoldWithoutABreak() {
        Map<String, AbortRules.Holding> holding = new HashMap<>();
        List<String> rules = List.of("http_req_duration: p(95) > 500ms for 6s");
        RunSnapshot s0 = look(100, 0, 10_000);
        RunSnapshot s1 = look(100, 0, 900_000);
        assertThat(AbortRules.check(rules, s0, s1, null, 0, holding)).isNull();
        assertThat(holding).containsKey(rules.get(0));
        RunSnapshot s2 = look(100, 0, 900_000);
        assertThat(AbortRules.check(rules, s1, s2, null, 3000, holding)).isNull();
        RunSnapshot s3 = look(100, 0, 10_000); // a good stretch breaks the streak
        assertThat(AbortRules.check(rules, s2, s3, null, 6000, holding)).isNull();
        assertThat(holding).isEmpty();
        RunSnapshot s4 = look(100, 0, 900_000);
        assertThat(AbortRules.check(rules, s3, s4, null, 9000, holding)).isNull();
        RunSnapshot s5 = look(100, 0, 900_000);
        assertThat(AbortRules.check(rules, s4, s5, null, 12_000, holding)).isNull();
        RunSnapshot s6 = look(100, 0, 900_000);

        AbortRules.Holding fired = AbortRules.check(rules, s5, s6, null, 15_000, holding);

        assertThat(fired).isNotNull();
        assertThat(fired.sinceEpochMs()).isEqualTo(9000);
        assertThat(fired.measured()).startsWith("p(95)=9");
    }

    @Test
    void aLookWithoutDataNeitherBreaksNorConfirms() {
        Map<String, AbortRules.Holding> holding = new HashMap<>();
        List<String> rules = List.of("http_req_failed: rate > 5% for 5s");
        RunSnapshot s0 = look(10, 0, 1000);
        RunSnapshot s1 = look(0, 10, 1000);
        AbortRules.check(rules, s0, s1, null, 0, holding);
        RunSnapshot s2 = look(0, 0, 1000); // nothing sent since

        assertThat(AbortRules.check(rules, s1, s2, null, 3000, holding)).isNull();
        assertThat(holding.get(rules.get(0)).sinceEpochMs()).isZero();
        RunSnapshot s3 = look(0, 10, 1000);
        assertThat(AbortRules.check(rules, s2, s3, null, 6000, holding)).isNotNull();
    }

    @Test
    void countsAreTheRunsSoFar() {
        Map<String, AbortRules.Holding> holding = new HashMap<>();
        RunSnapshot s0 = look(0, 30, 1000);
        RunSnapshot s1 = look(0, 30, 1000);

        assertThat(AbortRules.check(List.of("http_req_failed: count > 50"), s0, s1, null, 0, holding))
                .isNotNull();
        assertThat(AbortRules.check(List.of("http_req_failed: count > 50"), null, s0, null, 0, holding))
                .isNull();
    }

    @Test
    void targetRulesReadTheLatestSampleAndCounts() {
        TargetObservations o = new TargetObservations();
        TargetSample hot = new TargetSample(0);
        hot.cpu = 0.97;
        hot.pods = 2;
        o.samples.add(hot);
        TargetSample cool = new TargetSample(3000);
        cool.cpu = 0.40;
        cool.pods = 2;
        o.samples.add(cool);
        Map<String, AbortRules.Holding> holding = new HashMap<>();

        assertThat(AbortRules.check(List.of("target.cpu: last > 95%"), null, null, o, 0, holding))
                .as("the latest sample is 40 %")
                .isNull();
        o.oomKilled = 1;
        AbortRules.Holding fired = AbortRules.check(List.of("target.oomKilled: count > 0"), null, null, o, 0, holding);
        assertThat(fired.measured()).isEqualTo("count=1");
    }

    @Test
    void aLookWithoutEveryRunnerIsNoNewsEvenForCounts() {
        Map<String, AbortRules.Holding> holding = new HashMap<>();

        assertThat(AbortRules.check(List.of("http_req_failed: count > 0"), null, null, null, 0, holding))
                .isNull();
    }

    @Test
    void aGaugeThatFailedNowIsNoNewsNotItsLastGoodValue() {
        TargetObservations o = new TargetObservations();
        TargetSample hot = new TargetSample(0);
        hot.cpu = 0.97;
        o.samples.add(hot);
        Map<String, AbortRules.Holding> holding = new HashMap<>();
        List<String> rules = List.of("target.cpu: last > 90% for 5s");
        assertThat(AbortRules.check(rules, null, null, o, 0, holding)).isNull();
        o.samples.add(new TargetSample(3000)); // the metrics API did not answer at this look
        o.samples.add(new TargetSample(6000));

        assertThat(AbortRules.check(rules, null, null, o, 6000, holding))
                .as("no value now: neither confirmed nor broken")
                .isNull();
        assertThat(holding).containsKey(rules.get(0));
        o.prometheus.put("q", List.of(new TargetObservations.Point(0, 5.0)));
        assertThat(AbortRules.check(List.of("prometheus.q: last > 1"), null, null, o, 60_000, new HashMap<>()))
                .as("a minute-old Prometheus value is stale")
                .isNull();
    }

    @Test
    void noRulesNeverFire() {
        assertThat(AbortRules.check(null, null, null, null, 0, new HashMap<>())).isNull();
    }
}
