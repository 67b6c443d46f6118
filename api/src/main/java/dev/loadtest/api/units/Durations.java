package dev.loadtest.api.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go/k6-style durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 1.5s}. */
public final class Durations {
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m or 1h30m";
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|s|m|h)");

    private Durations() {}

    /** Parses a duration; throws {@link IllegalArgumentException} with a message a user can act on. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("found an empty value; expected " + EXPECTED);
        }
        String s = text.trim();
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("found \"" + text + "\"; a duration cannot be negative");
        }
        if (s.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException(
                    "found \"" + text + "\" without a unit; write " + s + "s, " + s + "ms or " + s + "m");
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("found \"" + text + "\"; expected " + EXPECTED);
            }
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                default -> 1_000L;
            };
            double part = amount * unit;
            if (part >= Long.MAX_VALUE - nanos) { // would saturate or wrap to a negative duration
                throw new IllegalArgumentException("found \"" + text + "\"; that duration is too long");
            }
            nanos += Math.round(part);
            at = m.end();
        }
        return Duration.ofNanos(nanos);
    }

    /** Formats compactly for people: 1h30m, 5m, 30s, 1.5s, 250ms, 120µs. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 1_000_000_000L == 0) {
            long s = nanos / 1_000_000_000L;
            StringBuilder b = new StringBuilder();
            if (s >= 3600) {
                b.append(s / 3600).append('h');
                s %= 3600;
            }
            if (s >= 60) {
                b.append(s / 60).append('m');
                s %= 60;
            }
            if (s > 0) {
                b.append(s).append('s');
            }
            return b.toString();
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        if (nanos >= 1_000_000L) {
            return trim(nanos / 1e6) + "ms";
        }
        return trim(nanos / 1e3) + "µs";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
