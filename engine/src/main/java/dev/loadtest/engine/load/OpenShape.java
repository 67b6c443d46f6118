package dev.loadtest.engine.load;

import dev.loadtest.api.units.Durations;
import java.time.Duration;

/** An open model: iterations start at a fixed rate, whatever the response times, with at most maxUsers busy. */
public record OpenShape(double perSecond, long totalNanos, int maxUsers) implements LoadShape {
    @Override
    public String describe() {
        return "open: " + perSecond + " iterations/s for " + Durations.format(Duration.ofNanos(totalNanos))
                + ", at most " + maxUsers + " users";
    }
}
