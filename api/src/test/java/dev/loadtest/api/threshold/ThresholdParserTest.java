package dev.loadtest.api.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThresholdParserTest {

    /** Parses and expects a syntax error, checking the caret sits under {@code position}. */
    private static ThresholdSyntaxException syntaxError(String expression, int position) {
        ThresholdSyntaxException e =
                catchThrowableOfType(ThresholdSyntaxException.class, () -> ThresholdParser.parse(expression));
        assertErrorPointsAt(e, expression, position);
        return e;
    }

    private static void assertErrorPointsAt(ThresholdSyntaxException e, String expression, int position) {
        assertThat(e).describedAs("a syntax error for %s", expression).isNotNull();
        assertThat(e.position())
                .describedAs("position of the error in \"%s\": %s", expression, e.getMessage())
                .isEqualTo(position);
        String[] lines = e.getMessage().split("\n");
        assertThat(lines).describedAs("message, expression line, caret line").hasSize(3);
        assertThat(lines[0]).startsWith("at character " + (position + 1) + ": ");
        assertThat(lines[1].trim()).isEqualTo(expression.trim());
        int exprColumn = lines[1].length() - expression.length();
        assertThat(lines[2])
                .describedAs("caret line: the caret is under character %d of the expression", position)
                .isEqualTo(" ".repeat(exprColumn + position) + "^");
    }

    static Stream<Arguments> validThresholds() {
        return Stream.of(
                Arguments.of(
                        "http_req_duration: p(95) < 500ms",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.PERCENTILE,
                        95.0,
                        Comparison.LT,
                        500.0),
                Arguments.of(
                        "http_req_duration: p(99.9) <= 2s",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.PERCENTILE,
                        99.9,
                        Comparison.LE,
                        2000.0),
                Arguments.of(
                        "http_req_duration: avg < 200",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.AVG,
                        Double.NaN,
                        Comparison.LT,
                        200.0),
                Arguments.of(
                        "http_req_duration: med < 1.5s",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.MED,
                        Double.NaN,
                        Comparison.LT,
                        1500.0),
                Arguments.of(
                        "http_req_duration: min >= 500us",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.MIN,
                        Double.NaN,
                        Comparison.GE,
                        0.5),
                Arguments.of(
                        "http_req_duration: max < 1m",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.MAX,
                        Double.NaN,
                        Comparison.LT,
                        60_000.0),
                Arguments.of(
                        "http_req_failed: rate < 1%",
                        Metric.HTTP_REQ_FAILED, null, Aggregation.RATE, Double.NaN, Comparison.LT, 0.01),
                Arguments.of(
                        "http_req_failed: rate < 0.005",
                        Metric.HTTP_REQ_FAILED,
                        null,
                        Aggregation.RATE,
                        Double.NaN,
                        Comparison.LT,
                        0.005),
                Arguments.of(
                        "http_req_failed: count == 0",
                        Metric.HTTP_REQ_FAILED,
                        null,
                        Aggregation.COUNT,
                        Double.NaN,
                        Comparison.EQ,
                        0.0),
                Arguments.of(
                        "http_reqs: rate > 80/s",
                        Metric.HTTP_REQS,
                        null,
                        Aggregation.RATE,
                        Double.NaN,
                        Comparison.GT,
                        80.0),
                Arguments.of(
                        "http_reqs: rate > 600/m",
                        Metric.HTTP_REQS,
                        null,
                        Aggregation.RATE,
                        Double.NaN,
                        Comparison.GT,
                        10.0),
                Arguments.of(
                        "http_reqs: count >= 1000",
                        Metric.HTTP_REQS,
                        null,
                        Aggregation.COUNT,
                        Double.NaN,
                        Comparison.GE,
                        1000.0),
                Arguments.of(
                        "checks: rate > 99%", Metric.CHECKS, null, Aggregation.RATE, Double.NaN, Comparison.GT, 0.99),
                Arguments.of(
                        "dropped_iterations: count < 1",
                        Metric.DROPPED_ITERATIONS,
                        null,
                        Aggregation.COUNT,
                        Double.NaN,
                        Comparison.LT,
                        1.0),
                Arguments.of(
                        "dropped_iterations: rate != 5/s",
                        Metric.DROPPED_ITERATIONS,
                        null,
                        Aggregation.RATE,
                        Double.NaN,
                        Comparison.NE,
                        5.0),
                Arguments.of(
                        "iterations: rate > 10",
                        Metric.ITERATIONS,
                        null,
                        Aggregation.RATE,
                        Double.NaN,
                        Comparison.GT,
                        10.0),
                Arguments.of(
                        "http_req_duration{name:simple-query}: p(99) < 2s",
                        Metric.HTTP_REQ_DURATION,
                        "simple-query",
                        Aggregation.PERCENTILE,
                        99.0,
                        Comparison.LT,
                        2000.0),
                Arguments.of(
                        "http_req_failed{ name : login }: rate < 0.1%",
                        Metric.HTTP_REQ_FAILED, "login", Aggregation.RATE, Double.NaN, Comparison.LT, 0.001),
                Arguments.of(
                        "  http_req_duration:p(95)<500ms  ",
                        Metric.HTTP_REQ_DURATION,
                        null,
                        Aggregation.PERCENTILE,
                        95.0,
                        Comparison.LT,
                        500.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validThresholds")
    void parsesEveryFormToItsMetricStatisticComparisonAndCanonicalLimit(
            String expression,
            Metric metric,
            String endpoint,
            Aggregation aggregation,
            double percentile,
            Comparison comparison,
            double canonicalLimit) {
        Threshold t = ThresholdParser.parse(expression);

        assertThat(t.source()).isEqualTo(expression);
        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.endpoint()).isEqualTo(endpoint);
        assertThat(t.aggregation()).isEqualTo(aggregation);
        if (Double.isNaN(percentile)) {
            assertThat(t.percentile())
                    .describedAs("no percentile for %s", aggregation)
                    .isNaN();
        } else {
            assertThat(t.percentile()).isEqualTo(percentile);
        }
        assertThat(t.comparison()).isEqualTo(comparison);
        assertThat(t.limit())
                .describedAs("canonical limit: ms for durations, a fraction for rates, per second for request rates")
                .isCloseTo(canonicalLimit, within(1e-9));
        assertThat(t.window()).describedAs("thresholds have no window").isNull();
    }

    @Test
    void statisticIsWrittenBackAsPeopleWriteIt() {
        assertThat(ThresholdParser.parse("http_req_duration: p(95) < 1s").statistic())
                .isEqualTo("p(95)");
        assertThat(ThresholdParser.parse("http_req_duration: p(99.9) < 1s").statistic())
                .isEqualTo("p(99.9)");
        assertThat(ThresholdParser.parse("http_req_failed: rate < 1%").statistic())
                .isEqualTo("rate");
    }

    @Test
    void keyIdentifiesMetricEndpointAndStatisticButNotTheLimit() {
        Threshold p95 = ThresholdParser.parse("http_req_duration: p(95) < 500ms");
        assertThat(ThresholdParser.parse("http_req_duration: p(95) < 300ms").key())
                .isEqualTo(p95.key());
        assertThat(ThresholdParser.parse("http_req_duration: p(99) < 500ms").key())
                .isNotEqualTo(p95.key());
        assertThat(ThresholdParser.parse("http_req_duration{name:x}: p(95) < 500ms")
                        .key())
                .isNotEqualTo(p95.key());
        assertThat(ThresholdParser.parse("http_req_duration: avg < 500ms").key())
                .isNotEqualTo(p95.key());
    }

    @Test
    void unknownMetricPointsAtTheMetricAndListsTheKnownOnes() {
        String expr = "latency: p(95) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, 0);
        assertThat(e.getMessage())
                .contains("unknown metric 'latency'")
                .contains("http_req_duration", "http_req_failed", "http_reqs", "checks", "dropped_iterations")
                .contains("^");
    }

    @Test
    void unknownMetricAfterLeadingSpacesPointsAtTheMetricNotTheLineStart() {
        syntaxError("   http_req_durations: p(95) < 500ms", 3);
    }

    @Test
    void unknownStatisticPointsAtTheStatisticAndListsWhatTheMetricAllows() {
        String expr = "http_req_duration: mean < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("mean"));
        assertThat(e.getMessage())
                .contains("unknown statistic 'mean'")
                .contains("http_req_duration allows avg, med, min, max, p(N)");
    }

    @Test
    void statisticTheMetricDoesNotHavePointsAtTheStatistic() {
        String expr = "http_req_failed: p(95) < 1";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("p(95)"));
        assertThat(e.getMessage()).contains("http_req_failed has no 'p(N)'").contains("it allows rate, count");
    }

    @Test
    void rateOnADurationMetricIsRejected() {
        String expr = "http_req_duration: rate < 1%";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("rate"));
        assertThat(e.getMessage()).contains("http_req_duration has no 'rate'");
    }

    @Test
    void missingComparisonPointsWhereTheOperatorShouldBe() {
        String expr = "http_req_duration: p(95) 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("500ms"));
        assertThat(e.getMessage()).contains("expected a comparison: <, <=, >, >=, == or !=");
    }

    @Test
    void missingLimitPointsAtTheEndAndGivesAnExampleInTheMetricsUnit() {
        String expr = "http_req_duration: p(95) <";
        ThresholdSyntaxException e = syntaxError(expr, expr.length());
        assertThat(e.getMessage()).contains("expected a number, such as 500ms");
    }

    @Test
    void unknownDurationUnitPointsAtTheUnit() {
        String expr = "http_req_duration: p(95) < 500xs";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("xs"));
        assertThat(e.getMessage()).contains("unknown unit 'xs'").contains("ms, s, us or m");
    }

    @Test
    void unknownRateUnitPointsAtTheUnit() {
        String expr = "http_reqs: rate > 80/h";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("/h"));
        assertThat(e.getMessage()).contains("unknown unit '/h'").contains("80/s");
    }

    @Test
    void failureRateAboveOneWithoutPercentSignPointsAtTheNumberAndSuggestsPercent() {
        String expr = "http_req_failed: rate < 5";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf('5'));
        assertThat(e.getMessage())
                .contains("a rate is a fraction between 0 and 1")
                .contains("write 5%");
    }

    @Test
    void countWithAUnitIsRejectedAtTheUnit() {
        String expr = "http_reqs: count > 100/s";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("/s"));
        assertThat(e.getMessage()).contains("a count has no unit");
    }

    @Test
    void percentileOutOfRangePointsAtTheNumber() {
        String expr = "http_req_duration: p(101) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("101"));
        assertThat(e.getMessage()).contains("percentile between 0 and 100");
    }

    @Test
    void unclosedPercentilePointsWhereTheParenthesisShouldBe() {
        String expr = "http_req_duration: p(95 < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf(" <"));
        assertThat(e.getMessage()).contains("expected ')' to close p(");
    }

    @Test
    void missingColonAfterMetricPointsWhereTheColonShouldBe() {
        String expr = "http_req_duration p(95) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("p(95)"));
        assertThat(e.getMessage()).contains("expected ':' after the metric");
    }

    @Test
    void scopeOtherThanNameIsRejectedInsideTheBraces() {
        String expr = "http_req_duration{method:GET}: p(95) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("method"));
        assertThat(e.getMessage()).contains("only the endpoint name can scope a threshold");
    }

    @Test
    void unclosedScopePointsAtTheOpeningBrace() {
        String expr = "http_req_duration{name:x: p(95) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf('{'));
        assertThat(e.getMessage()).contains("'{' is not closed");
    }

    @Test
    void emptyEndpointNameIsRejected() {
        String expr = "http_req_duration{name:}: p(95) < 500ms";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf(":}") + 1);
        assertThat(e.getMessage()).contains("the endpoint name is empty");
    }

    @Test
    void textAfterTheLimitIsRejectedWhereItStarts() {
        String expr = "http_req_duration: p(95) < 500ms please";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("please"));
        assertThat(e.getMessage()).contains("unexpected text after the limit");
    }

    @Test
    void emptyExpressionAsksForAMetric() {
        ThresholdSyntaxException e = syntaxError("", 0);
        assertThat(e.getMessage()).contains("expected a metric name");
    }

    @Test
    void windowIsNotAllowedInAThresholdAndTheErrorPointsAtFor() {
        String expr = "http_req_failed: rate > 5% for 1m";
        ThresholdSyntaxException e = syntaxError(expr, expr.indexOf("for"));
        assertThat(e.getMessage())
                .describedAs("tells where a window belongs")
                .contains("'for WINDOW' belongs to abort rules (spec.abort), not thresholds");
    }

    @Test
    void abortRuleAcceptsAWindowOfOneMinute() {
        Threshold rule = ThresholdParser.parseAbortRule("http_req_failed: rate > 5% for 1m");

        assertThat(rule.metric()).isEqualTo(Metric.HTTP_REQ_FAILED);
        assertThat(rule.aggregation()).isEqualTo(Aggregation.RATE);
        assertThat(rule.comparison()).isEqualTo(Comparison.GT);
        assertThat(rule.limit()).isCloseTo(0.05, within(1e-12));
        assertThat(rule.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void abortRuleWithoutWindowHasNoWindow() {
        Threshold rule = ThresholdParser.parseAbortRule("http_req_duration: p(95) > 5s");
        assertThat(rule.window()).isNull();
        assertThat(rule.limit()).isEqualTo(5000.0);
    }

    @Test
    void abortRuleWithABadWindowPointsAtTheWindow() {
        String expr = "http_req_failed: rate > 5% for soon";
        ThresholdSyntaxException e =
                catchThrowableOfType(ThresholdSyntaxException.class, () -> ThresholdParser.parseAbortRule(expr));
        assertErrorPointsAt(e, expr, expr.indexOf("soon"));
        assertThat(e.getMessage()).contains("the window after 'for' must be a duration");
    }

    @Test
    void abortRuleWithTextAfterTheWindowSaysOnlyAWindowMayFollow() {
        String expr = "http_req_failed: rate > 5% for 1m now";
        ThresholdSyntaxException e =
                catchThrowableOfType(ThresholdSyntaxException.class, () -> ThresholdParser.parseAbortRule(expr));
        assertErrorPointsAt(e, expr, expr.indexOf("now"));
        assertThat(e.getMessage()).contains("only 'for WINDOW' may follow");
    }

    @Test
    void comparisonHoldsAsItsSymbolSays() {
        assertThat(Comparison.LT.holds(1, 2)).isTrue();
        assertThat(Comparison.LT.holds(2, 2)).isFalse();
        assertThat(Comparison.LE.holds(2, 2)).isTrue();
        assertThat(Comparison.GT.holds(3, 2)).isTrue();
        assertThat(Comparison.GE.holds(2, 2)).isTrue();
        assertThat(Comparison.EQ.holds(2, 2)).isTrue();
        assertThat(Comparison.NE.holds(2, 2)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aPercentileWithoutParenthesesSaysHowToWriteIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ThresholdParser.parse("http_req_duration: p95 < 500ms"))
                .isInstanceOfSatisfying(
                        ThresholdSyntaxException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.position())
                                .isEqualTo(19))
                .hasMessageContaining("write a percentile with parentheses, as in p(95)");
    }

    @Test
    void aPercentLimitIsTheSameNumberAsTheRatioMeasuredAtIt() {
        // 14 failures in 1,000 requests measure 14 / 1000.0; "rate <= 1.4%" must hold for them
        for (int failures = 0; failures <= 1000; failures++) {
            String percent = java.math.BigDecimal.valueOf(failures, 1).toPlainString();
            double measured = failures / 1000.0;
            Threshold t = ThresholdParser.parse("http_req_failed: rate <= " + percent + "%");
            assertThat(t.comparison().holds(measured, t.limit()))
                    .describedAs("%d failures in 1000 against rate <= %s%% (limit %s)", failures, percent, t.limit())
                    .isTrue();
            assertThat(ThresholdParser.parse("http_req_failed: rate >= " + percent + "%")
                            .comparison()
                            .holds(measured, t.limit()))
                    .isTrue();
        }
    }

    @Test
    void aDurationLimitInSecondsOrMicrosIsTheSameNumberAsInMillis() {
        for (int tenths = 1; tenths <= 300; tenths++) {
            String seconds = java.math.BigDecimal.valueOf(tenths, 1).toPlainString();
            double millis = tenths * 100.0;
            assertThat(ThresholdParser.parse("http_req_duration: p(95) < " + seconds + "s")
                            .limit())
                    .describedAs(seconds + "s")
                    .isEqualTo(millis);
        }
        assertThat(ThresholdParser.parse("http_req_duration: p(95) < 1700us").limit())
                .isEqualTo(1.7);
        assertThat(ThresholdParser.parse("http_req_duration: max < 1.1m").limit())
                .isEqualTo(66_000.0);
    }

    @Test
    void iterationsHaveNoEndpointScope() {
        assertThat(syntaxError("iterations{name:checkout}: count > 10", 10).getMessage())
                .contains("iterations has no endpoints");
        syntaxError("dropped_iterations{name:x}: count < 1", 18);
    }
}
