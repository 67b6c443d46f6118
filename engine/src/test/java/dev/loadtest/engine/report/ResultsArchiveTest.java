package dev.loadtest.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultsArchiveTest {
    /** An hour at 1 s intervals, 20 endpoints: far more than a ConfigMap holds. */
    private static RunSnapshot longRun() {
        StatsCollector c = new StatsCollector("long", 1000);
        c.start(0, () -> 100);
        Random rnd = new Random(7);
        for (int i = 0; i < 3600; i++) {
            for (int e = 0; e < 20; e++) {
                for (int k = 0; k < 5; k++) {
                    c.endpoint("e" + e)
                            .record(
                                    1000 + rnd.nextInt(2_000_000),
                                    k == 0 && i % 10 == 0 ? Outcome.HTTP_5XX : Outcome.SUCCESS,
                                    10,
                                    10);
                }
            }
            c.sample((i + 1) * 1000L);
        }
        return c.snapshot();
    }

    @Test
    void longRunsAreCoarsenedToFitAndTheirTotalsAndPercentilesDoNotChange() throws Exception {
        RunSnapshot run = longRun();
        ResultsArchive.Packed packed = ResultsArchive.pack(run, ResultsArchive.MAX_BYTES);
        assertThat(packed.bytes().length).isLessThanOrEqualTo(ResultsArchive.MAX_BYTES);
        RunSnapshot stored = ResultsArchive.unpack(packed.bytes());
        assertThat(stored.intervalMs).describedAs("coarser time series").isGreaterThan(run.intervalMs);
        assertThat(stored.intervals.size()).isLessThan(run.intervals.size());
        assertThat(stored.requests()).isEqualTo(run.requests());
        assertThat(stored.failures()).isEqualTo(run.failures());
        assertThat(stored.overall().latencies()).isEqualTo(run.overall().latencies());
        long sum = stored.intervals.stream().mapToLong(i -> i.requests()).sum();
        assertThat(sum).describedAs("the coarser series still adds up").isEqualTo(run.requests());
        assertThat(stored.intervals.get(0).users)
                .describedAs("users is a level, not summed when merging intervals")
                .isEqualTo(100);
    }

    @Test
    void whenEvenOneIntervalDoesNotFitTheTotalsAreKeptWithoutTheTimeSeries() throws Exception {
        StatsCollector c = new StatsCollector("many-endpoints", 1000);
        c.start(0, () -> 10);
        Random rnd = new Random(11);
        for (int e = 0; e < 300; e++) {
            for (int k = 0; k < 200; k++) {
                c.endpoint("endpoint-" + e).record(1000 + rnd.nextInt(5_000_000), Outcome.SUCCESS, 10, 10);
            }
        }
        c.sample(1000);
        RunSnapshot run = c.snapshot();
        int oneInterval = ResultsArchive.pack(run, Integer.MAX_VALUE).bytes().length;

        ResultsArchive.Packed packed = ResultsArchive.pack(run, oneInterval - 1);

        assertThat(packed.bytes().length).isLessThan(oneInterval);
        RunSnapshot stored = ResultsArchive.unpack(packed.bytes());
        assertThat(stored.intervals).isEmpty();
        assertThat(stored.requests()).isEqualTo(60_000);
        assertThat(stored.totals).hasSize(300);
        assertThat(stored.overall().latencies()).isEqualTo(run.overall().latencies());
    }

    @Test
    void whenEvenTheTotalsDoNotFitTheQuietestEndpointsAreAddedUpAndTheRunsTotalsStayExact() throws Exception {
        StatsCollector c = new StatsCollector("thousands-of-endpoints", 1000);
        c.start(0, () -> 10);
        Random rnd = new Random(13);
        for (int e = 0; e < 400; e++) {
            for (int k = 0; k < 20 + e; k++) { // endpoint-399 is the busiest
                c.endpoint("endpoint-" + e)
                        .record(1000 + rnd.nextInt(5_000_000), k == 0 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 10, 10);
            }
        }
        c.sample(1000);
        RunSnapshot run = c.snapshot();
        RunSnapshot totalsOnly = run.header();
        totalsOnly.totals = run.totals;
        int allTotals = ResultsArchive.pack(totalsOnly, Integer.MAX_VALUE).bytes().length;

        ResultsArchive.Packed packed = ResultsArchive.pack(run, allTotals / 3);

        assertThat(packed.bytes().length).isLessThanOrEqualTo(allTotals / 3);
        RunSnapshot stored = ResultsArchive.unpack(packed.bytes());
        assertThat(stored.totals).hasSizeLessThan(400).containsKey(ResultsArchive.OTHER_ENDPOINTS);
        assertThat(stored.totals.get("endpoint-399").requests())
                .describedAs("the busiest keep their own figures")
                .isEqualTo(run.totals.get("endpoint-399").requests());
        assertThat(stored.totals).doesNotContainKey("endpoint-0");
        assertThat(stored.requests()).isEqualTo(run.requests());
        assertThat(stored.failures()).isEqualTo(400);
        assertThat(stored.overall().latencies()).isEqualTo(run.overall().latencies());

        // the quietest, named by a threshold, keeps its own figures: loadtest report judges it again
        RunSnapshot named =
                ResultsArchive.unpack(ResultsArchive.pack(run, allTotals / 3, Set.of("endpoint-0", "endpoint-1"))
                        .bytes());
        for (String e : List.of("endpoint-0", "endpoint-1")) {
            assertThat(named.totals.get(e).requests())
                    .isEqualTo(run.totals.get(e).requests());
            assertThat(named.totals.get(e).latencies())
                    .isEqualTo(run.totals.get(e).latencies());
        }
        assertThat(named.totals).containsKey(ResultsArchive.OTHER_ENDPOINTS).hasSizeLessThan(400);
        assertThat(named.requests()).isEqualTo(run.requests());
    }

    @Test
    void shortRunsAreStoredAsTheyAre() throws Exception {
        StatsCollector c = new StatsCollector("short", 1000);
        c.start(0, () -> 1);
        c.endpoint("e").record(5000, Outcome.SUCCESS, 1, 1);
        c.sample(1000);
        RunSnapshot stored = ResultsArchive.unpack(
                ResultsArchive.pack(c.snapshot(), ResultsArchive.MAX_BYTES).bytes());
        assertThat(stored.intervalMs).isEqualTo(1000);
        assertThat(stored.requests()).isEqualTo(1);
    }
}
