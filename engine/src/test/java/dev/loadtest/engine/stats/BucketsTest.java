package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@link Buckets} numbers buckets exactly as HdrHistogram does for the {@link Latencies} configuration. */
class BucketsTest {
    @Test
    void everyBucketMapsToHdrHistogramsOwn() {
        Histogram h = Latencies.newHistogram();
        long previous = -1;
        for (int i = 0; i < Buckets.COUNT; i++) {
            long highest = Buckets.highestValue(i);
            assertThat(highest).describedAs("bucket %d", i).isGreaterThan(previous);
            assertThat(h.highestEquivalentValue(highest))
                    .describedAs("bucket %d", i)
                    .isEqualTo(highest);
            assertThat(h.lowestEquivalentValue(highest)).isEqualTo(previous + 1);
            assertThat(Buckets.index(highest)).isEqualTo(i);
            assertThat(Buckets.index(previous + 1)).isEqualTo(i);
            previous = highest;
        }
        assertThat(previous).isGreaterThanOrEqualTo(Latencies.HIGHEST_MICROS);
        h.recordValue(Buckets.highestValue(Buckets.COUNT - 1)); // the last bucket exists in HdrHistogram too
    }

    @Test
    void accumulatedSumsEncodeLikeTheHistogramItself() {
        Random rnd = new Random(7);
        Histogram all = Latencies.newHistogram();
        SparseAccumulator sum = new SparseAccumulator();
        for (int part = 0; part < 50; part++) {
            Histogram h = Latencies.newHistogram();
            for (int k = 0; k < 2000; k++) {
                long v = rnd.nextInt(100) == 0
                        ? Latencies.HIGHEST_MICROS
                        : 1 + (long) (Math.exp(rnd.nextGaussian() * 3) * 20_000);
                h.recordValue(Math.min(v, Latencies.HIGHEST_MICROS));
            }
            all.add(h);
            sum.addValues(SparseHistograms.encode(h));
        }
        assertThat(sum.encode()).isEqualTo(SparseHistograms.encode(all));
    }
}
