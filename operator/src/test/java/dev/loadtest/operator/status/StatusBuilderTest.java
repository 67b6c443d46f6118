package dev.loadtest.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Summary;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
    @Test
    void theSummaryIsComputedFromMergedHistogramsNotAveragedPercentiles() {
        // runner A: 100 fast requests; runner B: 100 slow ones. The average of their p95s would be ~500 ms;
        // the merged p95 is the slow runner's.
        StatsCollector a = new StatsCollector("t", 1000);
        StatsCollector b = new StatsCollector("t", 1000);
        a.start(1_790_000_000_000L, () -> 1); // a real start: 0 stands for a runner that never started
        b.start(1_790_000_000_000L, () -> 1);
        for (int i = 0; i < 100; i++) {
            a.endpoint("q").record(10_000, Outcome.SUCCESS, 0, 0);
            b.endpoint("q").record(1_000_000, i < 10 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 0, 0);
        }
        a.sample(10_000);
        b.sample(10_000);
        RunSnapshot merged = RunSnapshot.merge(List.of(a.snapshot(), b.snapshot()));
        Summary s = StatusBuilder.summary(merged);
        assertThat(s.requests).isEqualTo(200);
        assertThat(s.failures).isEqualTo(10);
        assertThat(s.errorPercent).isEqualTo(5.0);
        assertThat(s.requestsPerSecond).isEqualTo(20.0);
        assertThat(s.p95).isBetween(999.0, 1001.0);
        assertThat(s.p50).isBetween(9.9, 10.1);
        assertThat(StatusBuilder.topEndpoints(merged))
                .singleElement()
                .satisfies(e -> assertThat(e.requests).isEqualTo(200));
    }

    @Test
    void aConditionKeepsItsTransitionTimeUnlessItsStatusFlips() throws Exception {
        LoadTestStatus status = new LoadTestStatus();
        StatusBuilder.condition(status, Condition.RUNNING, true, "Running", "a", 1L);
        String first = status.conditions.get(0).lastTransitionTime;
        Thread.sleep(5);
        StatusBuilder.condition(status, Condition.RUNNING, true, "Running", "b", 1L);
        assertThat(status.conditions).hasSize(1);
        assertThat(status.conditions.get(0).lastTransitionTime).isEqualTo(first);
        assertThat(status.conditions.get(0).message).isEqualTo("b");
        Thread.sleep(5);
        StatusBuilder.condition(status, Condition.RUNNING, false, "Finished", "c", 2L);
        assertThat(status.conditions.get(0).lastTransitionTime).isNotEqualTo(first);
        assertThat(status.conditions.get(0).status).isEqualTo("False");
        assertThat(status.conditions.get(0).observedGeneration).isEqualTo(2L);
    }

    @Test
    void everyFigureOfTheSummaryAndTheTopEndpointsIsWhatTheRequestsWere() {
        // 12 endpoints: endpoint k has 10 * (k + 1) requests, one in ten failed, latencies k ms + i µs;
        // two runners share them. Expected figures come from the raw latencies, sorted (nearest rank),
        // within HdrHistogram's 0.1 % precision.
        long seed = 20261125L;
        java.util.Random random = new java.util.Random(seed);
        StatsCollector a = new StatsCollector("t", 1000);
        StatsCollector b = new StatsCollector("t", 1000);
        a.start(1_790_000_000_000L, () -> 1);
        b.start(1_790_000_000_000L, () -> 1);
        java.util.Map<String, List<Long>> latencies = new java.util.LinkedHashMap<>();
        List<Long> all = new java.util.ArrayList<>();
        java.util.Map<String, Integer> failures = new java.util.HashMap<>();
        for (int k = 0; k < 12; k++) {
            String name = "GET /e" + k;
            for (int i = 0; i < 10 * (k + 1); i++) {
                long micros = (k + 1) * 1_000L + random.nextInt(50_000);
                boolean failed = i % 10 == 0;
                (random.nextBoolean() ? a : b)
                        .endpoint(name)
                        .record(micros, failed ? Outcome.HTTP_5XX : Outcome.SUCCESS, 0, 0);
                latencies
                        .computeIfAbsent(name, n -> new java.util.ArrayList<>())
                        .add(micros);
                all.add(micros);
                failures.merge(name, failed ? 1 : 0, Integer::sum);
            }
        }
        a.sample(4_000);
        b.sample(4_000);
        RunSnapshot merged = RunSnapshot.merge(List.of(a.snapshot(), b.snapshot()));

        Summary s = StatusBuilder.summary(merged);
        String why = "seed " + seed;
        assertThat(s.requests).as(why).isEqualTo(all.size());
        assertThat(s.failures)
                .as(why)
                .isEqualTo(
                        failures.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(s.requestsPerSecond).as(why).isEqualTo(Math.round(all.size() / 4.0 * 100) / 100.0);
        assertThat(s.p50).as(why).isCloseTo(rankMs(all, 50), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p90).as(why).isCloseTo(rankMs(all, 90), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p95).as(why).isCloseTo(rankMs(all, 95), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p99).as(why).isCloseTo(rankMs(all, 99), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.max).as(why).isCloseTo(rankMs(all, 100), org.assertj.core.data.Percentage.withPercentage(0.1));

        var top = StatusBuilder.topEndpoints(merged);
        assertThat(top)
                .describedAs("the ten busiest, busiest first")
                .extracting(e -> e.name)
                .containsExactly(
                        "GET /e11",
                        "GET /e10",
                        "GET /e9",
                        "GET /e8",
                        "GET /e7",
                        "GET /e6",
                        "GET /e5",
                        "GET /e4",
                        "GET /e3",
                        "GET /e2");
        for (var e : top) {
            List<Long> own = latencies.get(e.name);
            assertThat(e.requests).as(why).isEqualTo(own.size());
            assertThat(e.errorPercent).as(why).isEqualTo(100.0 * failures.get(e.name) / own.size());
            assertThat(e.p95).as(why).isCloseTo(rankMs(own, 95), org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(e.p99).as(why).isCloseTo(rankMs(own, 99), org.assertj.core.data.Percentage.withPercentage(0.1));
        }
    }

    /** The nearest-rank percentile of raw latencies (µs), in ms. */
    private static double rankMs(List<Long> micros, double percentile) {
        List<Long> sorted = micros.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1) / 1000.0;
    }
}
