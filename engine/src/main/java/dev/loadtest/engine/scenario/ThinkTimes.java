package dev.loadtest.engine.scenario;

import dev.loadtest.api.model.ThinkTime;
import dev.loadtest.api.units.Durations;
import java.util.concurrent.ThreadLocalRandom;

/** A pause between iterations: uniform in [min, max], constant, or none. */
record ThinkTimes(long minNanos, long maxNanos) {
    static final ThinkTimes NONE = new ThinkTimes(0, 0);

    static ThinkTimes of(ThinkTime t) {
        if (t == null) {
            return NONE;
        }
        if (t.constant != null) {
            long c = Durations.parse(t.constant).toNanos();
            return new ThinkTimes(c, c);
        }
        return new ThinkTimes(
                Durations.parse(t.min).toNanos(), Durations.parse(t.max).toNanos());
    }

    long next() {
        return maxNanos <= minNanos ? minNanos : ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1);
    }
}
