package dev.loadtest.engine.load;

import dev.loadtest.api.units.Durations;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A closed model as linear segments of target users over time, k6-style: each segment moves from
 * {@code fromUsers} to {@code toUsers} over its duration (a zero duration is a jump).
 */
public record ClosedShape(List<Segment> segments) implements LoadShape {
    public record Segment(long nanos, int fromUsers, int toUsers) {}

    @Override
    public long totalNanos() {
        return segments.stream().mapToLong(Segment::nanos).sum();
    }

    /** Target users at {@code elapsedNanos}, rounded down, as k6's ramping-vus does. */
    public int usersAt(long elapsedNanos) {
        long t = 0;
        for (Segment s : segments) {
            if (elapsedNanos < t + s.nanos()) {
                double f = (elapsedNanos - t) / (double) s.nanos();
                return (int) Math.floor(s.fromUsers() + (s.toUsers() - s.fromUsers()) * f);
            }
            t += s.nanos();
        }
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).toUsers();
    }

    public int peakUsers() {
        return segments.stream()
                .mapToInt(s -> Math.max(s.fromUsers(), s.toUsers()))
                .max()
                .orElse(0);
    }

    @Override
    public String describe() {
        return "closed: "
                + segments.stream()
                        .map(s -> s.fromUsers() == s.toUsers()
                                ? s.toUsers() + " users for " + Durations.format(Duration.ofNanos(s.nanos()))
                                : s.fromUsers() + "→" + s.toUsers() + " users over "
                                        + Durations.format(Duration.ofNanos(s.nanos())))
                        .collect(Collectors.joining(", "));
    }
}
