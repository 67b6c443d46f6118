package dev.loadtest.api.units;

/** Percentages such as {@code 1%} or {@code 0.5%}, as fractions (0.01, 0.005). */
public final class Percentages {
    private Percentages() {}

    public static double parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("found \"" + text + "\"; expected a percentage such as 1% or 0.5%");
        }
        try {
            double v = Double.parseDouble(s.substring(0, s.length() - 1).trim());
            if (v < 0) {
                throw new IllegalArgumentException("found \"" + text + "\"; a percentage cannot be negative");
            }
            return v / 100.0;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("found \"" + text + "\"; expected a percentage such as 1% or 0.5%");
        }
    }
}
