package dev.loadtest.engine.load;

import dev.loadtest.api.units.Durations;
import java.time.Duration;

/** An open model: iterations start at a fixed rate, whatever the response times, with at most maxUsers busy. */
public record OpenShape(double perSecond, long totalNanos, int maxUsers) implements LoadShape {
    /**
     * When arrival {@code j} (0, 1, 2, ... of the global schedule, whatever the runner count) is
     * intended to start, in nanoseconds from the start. The run's arrivals are those before
     * {@link #totalNanos}.
     */
    public long arrivalNanos(long j) {
        return (long) (j * (1e9 / perSecond));
    }

    @Override
    public String describe() {
        return "open: " + perSecond + " iterations/s for " + Durations.format(Duration.ofNanos(totalNanos))
                + ", at most " + maxUsers + " users";
    }
}
