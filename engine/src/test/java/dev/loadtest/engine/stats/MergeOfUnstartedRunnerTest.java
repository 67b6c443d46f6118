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
}
