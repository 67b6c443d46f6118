package dev.loadtest.engine.stats;

/**
 * The bucket numbering of the {@link Latencies} histogram configuration: value to bucket index and
 * back, the same arithmetic as HdrHistogram's {@code countsArrayIndex} and {@code valueFromIndex}
 * (which are not public). Indices are small (below {@link #COUNT}), so accumulators can key by them
 * and the binary wire format can send them as one-byte deltas. BucketsTest checks the equivalence
 * against HdrHistogram itself.
 */
final class Buckets {
    private static final int UNIT_MAGNITUDE = 63 - Long.numberOfLeadingZeros(Latencies.LOWEST_MICROS);
    private static final int SUB_BUCKET_COUNT_MAGNITUDE =
            (int) Math.ceil(Math.log(2 * Math.pow(10, Latencies.DIGITS)) / Math.log(2));
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = ((1L << SUB_BUCKET_COUNT_MAGNITUDE) - 1) << UNIT_MAGNITUDE;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - UNIT_MAGNITUDE - SUB_BUCKET_COUNT_MAGNITUDE;
    /** How many buckets the configuration has (HdrHistogram's counts array length): every index is below this. */
    static final int COUNT = count();

    static {
        if (COUNT >= 1 << 15) { // SparseAccumulator packs index + 1 into the top 16 bits of a long, sign clear
            throw new IllegalStateException("bucket indices must fit 15 bits, the histogram has " + COUNT);
        }
    }

    private Buckets() {}

    private static int count() {
        long smallestUntrackable = 1L << (SUB_BUCKET_COUNT_MAGNITUDE + UNIT_MAGNITUDE);
        int buckets = 1;
        while (smallestUntrackable <= Latencies.HIGHEST_MICROS) {
            smallestUntrackable <<= 1;
            buckets++;
        }
        return (buckets + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    }

    /** The bucket a recorded value lands in. */
    static int index(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> (bucket + UNIT_MAGNITUDE));
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucket - SUB_BUCKET_HALF_COUNT;
    }

    /**
     * The highest value of bucket {@code index}: what HdrHistogram's iteration reports for a bucket,
     * so sums built here encode byte for byte like {@link SparseHistograms#encode}.
     */
    static long highestValue(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            subBucket -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        long lowest = (long) subBucket << (bucket + UNIT_MAGNITUDE);
        return lowest + (1L << (bucket + UNIT_MAGNITUDE)) - 1;
    }
}
