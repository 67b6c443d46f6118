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
}
