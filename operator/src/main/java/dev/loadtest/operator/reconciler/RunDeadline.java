package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.load.LoadShapes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a started run must have ended: its start, plus the load's planned length, plus the grace
 * for in-flight requests (spec.load.gracefulStop), plus the operator's allowance for collecting
 * results. A runner that hangs or stops answering would otherwise hold the run (and every test
 * queued behind it on the target) forever.
 */
public final class RunDeadline {
    /** The engine's default spec.load.gracefulStop. */
    static final Duration DEFAULT_GRACEFUL_STOP = Duration.ofSeconds(30);

    private RunDeadline() {}

    static Optional<Instant> of(LoadTestSpec effective, LoadTestStatus status, Duration overrun) {
        if (status.runners == null || status.runners.startAt == null || effective.load == null) {
            return Optional.empty();
        }
        return Optional.of(
                Instant.parse(status.runners.startAt).plus(length(effective)).plus(overrun));
    }

    /** The load's planned length plus its gracefulStop: how long runners may run once started. */
    public static Duration length(LoadTestSpec effective) {
        if (effective.load == null) {
            return Duration.ZERO;
        }
        Duration planned = Duration.ofNanos(LoadShapes.of(effective.load).totalNanos());
        Duration grace = effective.load.gracefulStop == null
                ? DEFAULT_GRACEFUL_STOP
                : Durations.parse(effective.load.gracefulStop);
        return planned.plus(grace);
    }

    /** A message naming the deadline and its parts when {@code now} is past it. */
    static Optional<String> overdue(LoadTestSpec effective, LoadTestStatus status, Duration overrun, Instant now) {
        return of(effective, status, overrun)
                .filter(now::isAfter)
                .map(d -> "the run did not end by " + d + " (start " + status.runners.startAt + " + planned "
                        + Durations.format(
                                Duration.ofNanos(LoadShapes.of(effective.load).totalNanos()))
                        + " + gracefulStop "
                        + (effective.load.gracefulStop == null
                                ? Durations.format(DEFAULT_GRACEFUL_STOP)
                                : effective.load.gracefulStop)
                        + " + the operator's runOverrun " + Durations.format(overrun) + ")");
    }
}
