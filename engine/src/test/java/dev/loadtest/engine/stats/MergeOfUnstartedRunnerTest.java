package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run that ends before the start reached every runner: the one that never started measured nothing. */
class MergeOfUnstartedRunnerTest {
    private static RunSnapshot started(long startEpochMs) {
        StatsCollector c = new StatsCollector("t", 1000);
        c.start(startEpochMs, () -> 2);
        for (int i = 0; i < 10; i++) {
            c.endpoint("e").record(5_000, Outcome.SUCCESS, 10, 10);
        }
        c.sample(1000);
        c.endpoint("e").record(5_000, Outcome.SUCCESS, 10, 10);
        c.sample(2000);
        return c.snapshot();
    }

    private static RunSnapshot neverStarted() {
        return new StatsCollector("t", 1000).snapshot();
    }

    @Test
    void aRunnerThatNeverStartedLeavesTheRunsTimingAlone() {
        long start = 1_790_000_000_000L;
        for (boolean unstartedFirst : new boolean[] {true, false}) {
            RunSnapshot.Merger merger = new RunSnapshot.Merger();
            if (unstartedFirst) {
                merger.addWire(SnapshotWire.write(neverStarted()));
            }
            merger.addWire(SnapshotWire.write(started(start)));
            if (!unstartedFirst) {
                merger.addWire(SnapshotWire.write(neverStarted()));
            }
            RunSnapshot merged = merger.result();

            assertThat(merged.startEpochMs).isEqualTo(start);
            assertThat(merged.elapsedMs).isEqualTo(2000);
            assertThat(merged.requests()).isEqualTo(11);
            assertThat(merged.intervals).extracting(i -> i.index).containsExactly(0, 1);
            assertThat(merged.runners).isEqualTo(2);
        }
    }

    @Test
    void aRunnerThatNeverStartedJoinsTheFinalMergeOfWindowsInAnyOrder() {
        // the final pull asks each runner for windows of 5 s from the published start: one that
        // never started must not make the merge refuse (or be refused by) the others
        long start = 1_790_000_000_000L;
        for (boolean unstartedFirst : new boolean[] {true, false}) {
            RunSnapshot.Merger merger = new RunSnapshot.Merger();
            RunSnapshot never = Resampling.windows(neverStarted(), start, 5000);
            if (unstartedFirst) {
                merger.addWire(SnapshotWire.write(never));
            }
            merger.addWire(SnapshotWire.write(Resampling.windows(started(start), start, 5000)));
            merger.addWire(SnapshotWire.write(Resampling.windows(started(start), start, 5000)));
            if (!unstartedFirst) {
                merger.addWire(SnapshotWire.write(never));
            }
            RunSnapshot merged = merger.result();

            assertThat(merged.requests())
                    .describedAs("unstarted first: %s", unstartedFirst)
                    .isEqualTo(22);
            assertThat(merged.runners).isEqualTo(3);
            assertThat(merged.intervalMs).isEqualTo(5000);
            assertThat(merged.startEpochMs).isEqualTo(start);
            assertThat(merged.intervals).extracting(i -> i.index).containsExactly(0);
        }
    }
}
