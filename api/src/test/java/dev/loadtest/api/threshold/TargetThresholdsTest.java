package dev.loadtest.api.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thresholds and abort rules over what the target did: target.* and prometheus.NAME. */
class TargetThresholdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            target.cpu: max < 70%                 | TARGET_CPU        | MAX   | 0.7
            target.memory: max < 0.9              | TARGET_MEMORY     | MAX   | 0.9
            target.replicas: max < 8              | TARGET_REPLICAS   | MAX   | 8
            target.pods: last >= 2                | TARGET_PODS       | LAST  | 2
            target.restarts: count == 0           | TARGET_RESTARTS   | COUNT | 0
            target.oomKilled: count == 0          | TARGET_OOM_KILLED | COUNT | 0
            prometheus.cacheHitRate: avg > 80%    | PROMETHEUS        | AVG   | 0.8
            prometheus.db_conns: max < 95         | PROMETHEUS        | MAX   | 95
            """)
    void parsesTargetMetrics(String expression, Metric metric, Aggregation aggregation, double limit) {
        Threshold t = ThresholdParser.parse(expression);

        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.aggregation()).isEqualTo(aggregation);
        assertThat(t.limit()).isCloseTo(limit, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.metricName()).isEqualTo(expression.substring(0, expression.indexOf(':')));
    }

    @Test
    void queryNameIsKeptAsTheSeries() {
        Threshold t = ThresholdParser.parse("prometheus.cacheHitRate: avg > 80%");

        assertThat(t.series()).isEqualTo("cacheHitRate");
        assertThat(t.key()).startsWith("prometheus.cacheHitRate{");
    }

    @Test
    void replicasCanBeComparedWithTheHpaMaximum() {
        Threshold t = ThresholdParser.parse("target.replicas: max < target.hpa.maxReplicas");

        assertThat(t.limitRef()).isEqualTo("target.hpa.maxReplicas");
        assertThat(t.limit()).isNaN();
    }

    @Test
    void abortRuleOverTargetMetricTakesAWindow() {
        Threshold t = ThresholdParser.parseAbortRule("target.cpu: last > 95% for 30s");

        assertThat(t.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.limit()).isEqualTo(0.95);
    }

    @Test
    void abortRulesJudgeGaugesByTheirValueNow() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parseAbortRule("target.cpu: max > 95% for 1m"));

        assertThat(e.getMessage()).contains("write 'last', e.g. \"target.cpu: last > ...\"");
        assertThat(e.position()).isEqualTo(12);
        assertThat(ThresholdParser.parse("target.cpu: max > 95%").aggregation()).isEqualTo(Aggregation.MAX);
    }

    @Test
    void countOnlyMetricsRejectOtherStatistics() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("target.oomKilled: max > 0"));

        assertThat(e.getMessage()).contains("target.oomKilled has no 'max'; it allows count");
        assertThat(e.position()).isEqualTo(18);
    }

    @Test
    void limitReferenceOnlyForReplicas() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class,
                () -> ThresholdParser.parse("target.cpu: max < target.hpa.maxReplicas"));

        assertThat(e.getMessage()).contains("use it with target.replicas or target.pods");
    }

    @Test
    void unknownLimitReferenceListsTheKnownOnes() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("target.replicas: max < target.hpa.max"));

        assertThat(e.getMessage()).contains("target.hpa.maxReplicas, target.hpa.minReplicas");
        assertThat(e.position()).isEqualTo(23);
    }

    @Test
    void replicasTakePlainNumbers() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("target.replicas: max < 80%"));

        assertThat(e.getMessage()).contains("target.replicas is a plain number");
    }

    @Test
    void prometheusNeedsAQueryName() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("prometheus.: avg > 1"));

        assertThat(e.getMessage()).contains("expected a query name after 'prometheus.'");
        assertThat(e.position()).isEqualTo(11);
    }

    @Test
    void endpointScopeIsOnlyForHttpMetrics() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("target.cpu{name:x}: max < 70%"));

        assertThat(e.getMessage()).contains("target.cpu has no endpoints");
    }

    @Test
    void unknownMetricListsTargetAndPrometheusMetrics() {
        ThresholdSyntaxException e = catchThrowableOfType(
                ThresholdSyntaxException.class, () -> ThresholdParser.parse("target.cpus: max < 70%"));

        assertThat(e.getMessage()).contains("target.cpu, target.memory").contains("prometheus.NAME");
    }
}
