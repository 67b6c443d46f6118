package dev.loadtest.api.threshold;

import dev.loadtest.api.units.Durations;
import java.time.Duration;

/**
 * Parses k6-style thresholds: {@code http_req_duration: p(95) < 500ms}, {@code http_req_failed: rate
 * < 1%}, {@code http_reqs: rate > 80/s}, {@code http_req_duration{name:simple-query}: avg < 200ms};
 * abort rules add {@code for 1m}. A hand-written scanner so an error points at the character.
 */
public final class ThresholdParser {
    private static final java.util.regex.Pattern QUERY_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final String src;
    private final boolean allowWindow;
    private int pos;

    private ThresholdParser(String src, boolean allowWindow) {
        this.src = src;
        this.allowWindow = allowWindow;
    }

    /** A threshold (no {@code for} window). */
    public static Threshold parse(String expression) {
        return new ThresholdParser(expression, false).parse();
    }

    /** An abort rule: a threshold that, when it holds ({@code for} a window, if given), stops the test. */
    public static Threshold parseAbortRule(String expression) {
        return new ThresholdParser(expression, true).parse();
    }

    private Threshold parse() {
        skipSpaces();
        int metricStart = pos;
        while (pos < src.length()
                && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == '.')) {
            pos++;
        }
        String metricName = src.substring(metricStart, pos);
        if (metricName.isEmpty()) {
            throw fail(metricStart, "expected a metric name (" + Metric.allKeys() + ")");
        }
        Metric metric = Metric.byKey(metricName);
        if (metric == null) {
            throw fail(metricStart, "unknown metric '" + metricName + "'; expected one of " + Metric.allKeys());
        }
        String series = null;
        if (metric == Metric.PROMETHEUS) {
            series = metricName.substring(Metric.PROMETHEUS.key.length() + 1);
            if (!QUERY_NAME.matcher(series).matches()) {
                throw fail(
                        metricStart + Metric.PROMETHEUS.key.length() + 1,
                        "expected a query name after 'prometheus.' (letters, digits and '_'), as in"
                                + " prometheus.cacheHitRate");
            }
        }
        String endpoint = null;
        if (peek('{')
                && (metric.source != Metric.Source.RUN
                        || metric == Metric.ITERATIONS
                        || metric == Metric.DROPPED_ITERATIONS)) {
            // an iteration spans a task's requests, so it belongs to no one endpoint: a scope here
            // would be ignored and the whole run judged under a name that says otherwise
            throw fail(pos, "{name:...} scopes http metrics to an endpoint; " + metricName + " has no endpoints");
        }
        if (peek('{')) {
            pos++;
            int tagStart = pos;
            int colon = src.indexOf(':', pos);
            int close = src.indexOf('}', pos);
            if (close < 0) {
                throw fail(tagStart - 1, "'{' is not closed; write {name:ENDPOINT}");
            }
            if (colon < 0
                    || colon > close
                    || !src.substring(tagStart, colon).trim().equals("name")) {
                throw fail(tagStart, "expected {name:ENDPOINT}; only the endpoint name can scope a threshold");
            }
            endpoint = src.substring(colon + 1, close).trim();
            if (endpoint.isEmpty()) {
                throw fail(colon + 1, "the endpoint name is empty; write {name:ENDPOINT}");
            }
            pos = close + 1;
        }
        skipSpaces();
        expect(':', "expected ':' after the metric, as in \"" + metric.key + ": ...\"");
        skipSpaces();
        int aggStart = pos;
        Aggregation aggregation;
        double percentile = Double.NaN;
        if (src.startsWith("p(", pos)) {
            pos += 2;
            int numStart = pos;
            double p = number();
            if (Double.isNaN(p) || p < 0 || p > 100) {
                throw fail(numStart, "expected a percentile between 0 and 100, as in p(95) or p(99.9)");
            }
            percentile = p;
            expect(')', "expected ')' to close p(");
            aggregation = Aggregation.PERCENTILE;
        } else {
            String word = word();
            if (word.equals("p") && pos < src.length() && Character.isDigit(src.charAt(pos))) {
                throw fail(aggStart, "write a percentile with parentheses, as in p(95)");
            }
            aggregation = switch (word) {
                case "avg" -> Aggregation.AVG;
                case "med" -> Aggregation.MED;
                case "min" -> Aggregation.MIN;
                case "max" -> Aggregation.MAX;
                case "rate" -> Aggregation.RATE;
                case "count" -> Aggregation.COUNT;
                case "last" -> Aggregation.LAST;
                default ->
                    throw fail(
                            aggStart,
                            (word.isEmpty() ? "expected a statistic" : "unknown statistic '" + word + "'") + "; "
                                    + metric.key + " allows " + metric.allowedAggregations());
            };
        }
        if (allowWindow
                && metric.source != Metric.Source.RUN
                && aggregation != Aggregation.LAST
                && aggregation != Aggregation.COUNT
                && metric.aggregations.contains(aggregation)) {
            throw fail(
                    aggStart,
                    "an abort rule judges " + metricName + " at each look by its value now: write 'last', e.g. \""
                            + metricName + ": last > ...\"; use 'for WINDOW' to require it for a while");
        }
        if (!metric.aggregations.contains(aggregation)) {
            throw fail(
                    aggStart,
                    metric.key + " has no '" + aggregation.syntax + "'; it allows " + metric.allowedAggregations());
        }
        skipSpaces();
        int opStart = pos;
        Comparison comparison = comparison();
        if (comparison == null) {
            throw fail(opStart, "expected a comparison: <, <=, >, >=, == or !=");
        }
        skipSpaces();
        int valueStart = pos;
        String limitRef = null;
        double limit;
        if (pos < src.length() && Character.isLetter(src.charAt(pos))) {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                pos++;
            }
            limitRef = src.substring(valueStart, pos);
            if (!Threshold.LIMIT_REFS.contains(limitRef)) {
                throw fail(
                        valueStart,
                        "expected a number" + unitHint(metric, aggregation) + ", or one of "
                                + String.join(", ", Threshold.LIMIT_REFS));
            }
            if (metric != Metric.TARGET_REPLICAS && metric != Metric.TARGET_PODS) {
                throw fail(valueStart, limitRef + " compares replicas; use it with target.replicas or target.pods");
            }
            limit = Double.NaN;
        } else {
            double value = number();
            if (Double.isNaN(value)) {
                throw fail(valueStart, "expected a number" + unitHint(metric, aggregation));
            }
            limit = withUnit(metric, aggregation, value, valueStart);
        }
        skipSpaces();
        Duration window = null;
        if (pos < src.length()) {
            int forStart = pos;
            String w = word();
            if (w.equals("for") && allowWindow) {
                skipSpaces();
                int durStart = pos;
                while (pos < src.length() && !Character.isWhitespace(src.charAt(pos))) {
                    pos++;
                }
                try {
                    window = Durations.parse(src.substring(durStart, pos));
                } catch (IllegalArgumentException e) {
                    throw fail(durStart, "the window after 'for' must be " + Durations.EXPECTED);
                }
                skipSpaces();
            } else if (w.equals("for")) {
                throw fail(forStart, "'for WINDOW' belongs to abort rules (spec.abort), not thresholds");
            } else {
                pos = forStart;
            }
            if (pos < src.length()) {
                throw fail(
                        pos, "unexpected text after the limit" + (allowWindow ? "; only 'for WINDOW' may follow" : ""));
            }
        }
        return new Threshold(
                src, metric, endpoint, aggregation, percentile, comparison, limit, window, series, limitRef);
    }

    private double withUnit(Metric metric, Aggregation aggregation, double value, int valueStart) {
        int unitStart = pos;
        while (pos < src.length() && !Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
        String unit = src.substring(unitStart, pos);
        if (aggregation == Aggregation.COUNT) {
            if (!unit.isEmpty()) {
                throw fail(unitStart, "a count has no unit; write a plain number");
            }
            return value;
        }
        switch (metric.unit) {
            case DURATION -> {
                return switch (unit) {
                    case "", "ms" -> value;
                    case "s" -> shifted(value, 3);
                    case "us", "µs" -> shifted(value, -3);
                    case "m" -> shifted(value, 3) * 60;
                    default -> throw fail(unitStart, "unknown unit '" + unit + "'; use ms, s, us or m");
                };
            }
            case FRACTION -> {
                if (unit.equals("%")) {
                    return shifted(value, -2);
                }
                if (unit.isEmpty()) {
                    if (value > 1) {
                        throw fail(
                                valueStart,
                                "a rate is a fraction between 0 and 1; write " + trim(value) + "% for a percentage");
                    }
                    return value;
                }
                throw fail(
                        unitStart,
                        "unknown unit '" + unit + "'; write a percentage such as 1% or a fraction such as 0.01");
            }
            case NUMBER -> {
                if (!unit.isEmpty()) {
                    throw fail(unitStart, metric.key + " is a plain number; write e.g. 10");
                }
                return value;
            }
            case SCALAR -> {
                return switch (unit) {
                    case "" -> value;
                    case "%" -> shifted(value, -2);
                    default ->
                        throw fail(
                                unitStart,
                                "unknown unit '" + unit + "'; a query's value is a plain number, or a percentage"
                                        + " (80% = 0.8)");
                };
            }
            default -> {
                return switch (unit) {
                    case "", "/s" -> value;
                    case "/m" -> value / 60;
                    default -> throw fail(unitStart, "unknown unit '" + unit + "'; write a rate such as 80/s or 600/m");
                };
            }
        }
    }

    /**
     * {@code value} × 10^{@code digits}, in decimal: {@code 1.4 / 100} is 0.013999999999999999, so
     * {@code rate <= 1.4%} would fail a run whose 14 failures in 1,000 requests measure 0.014 (the
     * nearest double to 0.014, as this is). A limit written at the measured value holds.
     */
    private static double shifted(double value, int digits) {
        return java.math.BigDecimal.valueOf(value).scaleByPowerOfTen(digits).doubleValue();
    }

    private static String unitHint(Metric metric, Aggregation aggregation) {
        if (aggregation == Aggregation.COUNT) {
            return ", such as 0 or 100";
        }
        return switch (metric.unit) {
            case DURATION -> ", such as 500ms";
            case FRACTION -> ", such as 1%";
            case PER_SECOND -> ", such as 80/s";
            case NUMBER -> ", such as 10";
            case SCALAR -> ", such as 0.8 or 80%";
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private Comparison comparison() {
        for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                for (Comparison c : Comparison.values()) {
                    if (c.symbol.equals(op)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    private double number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(src.substring(start, pos));
        } catch (NumberFormatException e) {
            throw fail(start, "'" + src.substring(start, pos) + "' is not a number");
        }
    }

    private String word() {
        int start = pos;
        while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private void expect(char c, String what) {
        if (!peek(c)) {
            throw fail(pos, what);
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private ThresholdSyntaxException fail(int at, String what) {
        return new ThresholdSyntaxException(src, Math.min(at, src.length()), what);
    }
}
