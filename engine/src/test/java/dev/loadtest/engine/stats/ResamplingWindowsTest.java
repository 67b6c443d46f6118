package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's final pull: every runner's series in the same windows from the published start. */
class ResamplingWindowsTest {
    private static final long START = 1_790_000_000_000L;

    /** A runner that started {@code lateMs} after the published start, with 10 one-second intervals. */
    private static RunSnapshot runner(long lateMs, int usersPerInterval) {
        StatsCollector c = new StatsCollector("t", 1000);
        int[] users = {usersPerInterval};
        c.start(START + lateMs, () -> users[0]);
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k <= i; k++) { // i+1 requests in interval i
                c.endpoint("e").record(1000 + k, Outcome.SUCCESS, 1, 1);
            }
            users[0] = usersPerInterval + i;
            c.sample((i + 1) * 1000L);
        }
        return c.snapshot();
    }

    @Test
    void skewedRunnersLandInTheSameWindowsAndNothingIsLostOrCountedTwice() {
        // one on time, one 480 ms late: nearly half an interval, where rounding by start alone splits them
        RunSnapshot a = Resampling.windows(runner(3, 2), START, 3000);
        RunSnapshot b = Resampling.windows(runner(480, 5), START, 3000);

        assertThat(a.intervalMs).isEqualTo(3000);
        assertThat(a.startEpochMs).isEqualTo(START);
        assertThat(a.intervals).extracting(i -> i.index).containsExactly(0, 1, 2, 3);
        assertThat(a.intervals).extracting(IntervalStats::requests).containsExactly(6L, 15L, 24L, 10L);
        assertThat(a.requests()).isEqualTo(55);

        RunSnapshot merged = RunSnapshot.merge(List.of(a, b));
        assertThat(merged.intervals).extracting(i -> i.index).containsExactly(0, 1, 2, 3);
        assertThat(merged.intervals).extracting(IntervalStats::requests).containsExactly(12L, 30L, 48L, 20L);
        assertThat(merged.intervals.stream().mapToLong(IntervalStats::requests).sum())
                .isEqualTo(merged.requests())
                .isEqualTo(110);
        assertThat(merged.overall().latencies())
                .describedAs("percentiles come from the totals, untouched")
                .isEqualTo(RunSnapshot.merge(List.of(runner(3, 2), runner(480, 5)))
                        .overall()
                        .latencies());
    }

    @Test
    void usersIsTheWindowsPeakNotASum() {
        RunSnapshot w = Resampling.windows(runner(0, 2), START, 5000);

        assertThat(w.intervals).extracting(i -> i.users).containsExactly(6, 11);
    }

    @Test
    void aWindowThatIsNotAWholeNumberOfIntervalsIsNotMade() {
        RunSnapshot s = runner(0, 1);
        assertThat(Resampling.windows(s, START, 1500)).isSameAs(s);
    }

    @Test
    void aRunThatNeverStartedKeepsItsNothingButTakesTheWindowsLength() {
        RunSnapshot unstarted = new StatsCollector("t", 1000).snapshot();
        RunSnapshot w = Resampling.windows(unstarted, START, 3000);
        assertThat(w.intervalMs)
                .describedAs("as every other runner's, for the merge")
                .isEqualTo(3000);
        assertThat(w.startEpochMs).isZero();
        assertThat(w.intervals).isEmpty();
        assertThat(w.requests()).isZero();
    }
}
