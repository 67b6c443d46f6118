package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointRecorderTest {
    @Test
    void latenciesBeyondOneHourAreClampedAndCountedNotDropped() {
        StatsCollector c = new StatsCollector("t", 1000);
        EndpointRecorder r = c.endpoint("e");
        r.record(5_000_000_000L, Outcome.SUCCESS, 1, 1); // 83 minutes
        r.record(1_000, Outcome.SUCCESS, 1, 1);
        EndpointStats s = c.sample(1000).endpoints.get("e");
        assertThat(s.requests()).isEqualTo(2);
        assertThat(s.clamped).isEqualTo(1);
        assertThat(s.latencies().getTotalCount()).isEqualTo(2);
        assertThat(s.latencies().getMaxValue()).isGreaterThanOrEqualTo(Latencies.HIGHEST_MICROS);
    }

    @Test
    void histogramsKeepThreeSignificantDigitsFromOneMicrosecondToAnHour() {
        StatsCollector c = new StatsCollector("t", 1000);
        EndpointRecorder r = c.endpoint("e");
        long[] values = {1, 999, 12_345, 1_234_567, 3_599_999_999L};
        for (long v : values) {
            r.record(v, Outcome.SUCCESS, 0, 0);
        }
        var h = c.sample(1000).endpoints.get("e").latencies();
        for (long v : values) {
            assertThat((double) h.highestEquivalentValue(v))
                    .isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(0.1));
        }
        assertThat(h.getMinValue()).isEqualTo(1);
    }

    @Test
    void intervalsAddUpToTotalsAndEachIntervalHoldsOnlyItsRequests() {
        StatsCollector c = new StatsCollector("t", 1000);
        c.endpoint("e").record(100, Outcome.SUCCESS, 0, 0);
        c.endpoint("e").record(200, Outcome.HTTP_5XX, 0, 0);
        IntervalStats first = c.sample(1000);
        c.endpoint("e").record(300, Outcome.TIMEOUT, 0, 0);
        IntervalStats second = c.sample(2000);
        assertThat(first.endpoints.get("e").requests()).isEqualTo(2);
        assertThat(second.endpoints.get("e").requests()).isEqualTo(1);
        assertThat(second.endpoints.get("e").timeout).isEqualTo(1);
        RunSnapshot s = c.snapshot();
        assertThat(s.totals.get("e").requests()).isEqualTo(3);
        assertThat(s.totals.get("e").failures()).isEqualTo(2);
        assertThat(s.intervals).extracting(i -> i.index).containsExactly(0, 1);
    }
}
