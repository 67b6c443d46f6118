package dev.loadtest.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The merge's fast paths give the same sums as adding bucket by bucket: buckets of one read four at a time
 * ({@link SparseAccumulator#checkIndexed}, {@link SparseAccumulator#addChecked}) and totals summed by
 * bucket and encoded in one pass ({@link SparseAccumulator#encodeDense}). Seeded random histograms:
 * runs of buckets of one broken by counts, indices up to the last bucket.
 */
class SparseAccumulatorTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void fastPathsAgreeWithThePlainOnes(long seed) {
        Random rnd = new Random(seed);
        SparseAccumulator checked = new SparseAccumulator();
        SparseAccumulator plain = new SparseAccumulator();
        long[] dense = new long[Buckets.COUNT];
        for (int histogram = 0; histogram < 200; histogram++) {
            int n = rnd.nextInt(40);
            byte[] in = new byte[12 * n + 16];
            int start = rnd.nextInt(3); // not aligned to eight bytes
            int pos = start;
            long latencies = 0;
            for (int k = 0; k < n; k++) {
                int index = rnd.nextInt(10) == 0 ? Buckets.COUNT - 1 : rnd.nextInt(Buckets.COUNT);
                long count = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(100_000) : 1;
                pos = SparseAccumulator.writeIndexed(in, pos, index, count);
                latencies += count;
                plain.add(index, count);
            }
            assertThat(SparseAccumulator.checkIndexed(in, start, pos, n))
                    .describedAs("seed %d histogram %d", seed, histogram)
                    .isEqualTo(latencies);
            assertThat(checked.addChecked(in, start, n)).isEqualTo(pos);
            SparseAccumulator one = new SparseAccumulator();
            one.addChecked(in, start, n);
            one.addTo(dense);
        }
        assertThat(checked.encode()).describedAs("seed %d", seed).isEqualTo(plain.encode());
        assertThat(SparseAccumulator.encodeDense(dense))
                .describedAs("seed %d", seed)
                .isEqualTo(plain.encode());
        assertThat(dense).describedAs("encodeDense leaves zeros").containsOnly(0L);
    }

    @ParameterizedTest(name = "bad bucket at {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void aBucketPastTheLastIsFoundAmongFourOfOne(int at) {
        byte[] in = new byte[16];
        int pos = 0;
        for (int k = 0; k < 8; k++) {
            pos = SparseAccumulator.writeIndexed(in, pos, k == at ? Buckets.COUNT : Buckets.COUNT - 1, 1);
        }
        int end = pos;
        assertThatThrownBy(() -> SparseAccumulator.checkIndexed(in, 0, end, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket " + Buckets.COUNT);
        byte[] good = Arrays.copyOf(in, in.length);
        SparseAccumulator.writeIndexed(good, 2 * at, Buckets.COUNT - 1, 1);
        assertThat(SparseAccumulator.checkIndexed(good, 0, end, 8)).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0} latencies")
    @ValueSource(longs = {1, 7})
    void takingAwayMoreThanASumHoldsIsRefused(long taken) {
        SparseAccumulator a = new SparseAccumulator();
        a.add(5, 3);
        long[] dense = dense(a);
        SparseAccumulator minus = new SparseAccumulator();
        minus.add(5, taken);
        if (taken <= 3) {
            minus.subtractFrom(dense);
            assertThat(dense[5]).isEqualTo(3 - taken);
        } else {
            assertThatThrownBy(() -> minus.subtractFrom(dense)).hasMessageContaining("cannot take 7 from bucket 5");
        }
    }

    private static long[] dense(SparseAccumulator a) {
        long[] dense = new long[Buckets.COUNT];
        a.addTo(dense);
        return dense;
    }
}
