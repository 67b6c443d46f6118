package dev.loadtest.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class K6SummaryExportTest {
    @Test
    void aRunWithoutRequestsHasNoLatenciesOrRatiosRatherThanZeros() {
        RunSnapshot empty = new StatsCollector("t", 1000).snapshot();

        JsonNode m = K6SummaryExport.build(empty, List.of()).get("metrics");

        assertThat(m.at("/http_req_duration/p(95)").isNull())
                .describedAs("a 0 would pass a CI check of p(95) < 500")
                .isTrue();
        assertThat(m.at("/http_req_duration/max").isNull()).isTrue();
        assertThat(m.at("/http_req_failed/value").isNull()).isTrue();
        assertThat(m.at("/checks/value").isNull()).isTrue();
        assertThat(m.at("/http_reqs/count").asLong()).isZero();
    }

    @Test
    void measuredLatenciesAreInMilliseconds() {
        StatsCollector c = new StatsCollector("t", 1000);
        c.start(1_790_000_000_000L, () -> 1);
        c.endpoint("e").record(250_000, Outcome.SUCCESS, 10, 10);
        c.endpoint("e").record(250_000, Outcome.HTTP_5XX, 10, 10);
        c.sample(1000);

        JsonNode m = K6SummaryExport.build(c.snapshot(), List.of()).get("metrics");

        assertThat(m.at("/http_req_duration/p(95)").asDouble()).isBetween(249.9, 250.3);
        assertThat(m.at("/http_req_failed/value").asDouble()).isEqualTo(0.5);
    }

    @Test
    void vusFollowsTheUsersAtEachIntervalsEnd() {
        StatsCollector c = new StatsCollector("t", 1000);
        int[] users = {3};
        c.start(1_790_000_000_000L, () -> users[0]);
        c.sample(1000);
        users[0] = 7;
        c.sample(2000);
        users[0] = 0;
        c.sample(3000);

        JsonNode vus = K6SummaryExport.build(c.snapshot(), List.of()).at("/metrics/vus");

        assertThat(vus.get("value").asInt()).isZero();
        assertThat(vus.get("min").asInt()).isZero();
        assertThat(vus.get("max").asInt()).isEqualTo(7);
    }

    /** Thresholds of different Prometheus series (or target metrics) each keep their own verdict. */
    @Test
    void thresholdsAreFiledUnderTheMetricAsWrittenAndNeverOverwriteEachOther() {
        RunSnapshot empty = new StatsCollector("t", 1000).snapshot();
        List<ThresholdResult> verdicts = List.of(
                result("prometheus.errorRate: avg < 1%", false),
                result("prometheus.cacheMiss: avg < 1%", true),
                result("http_req_duration: p(95) < 2s", true),
                result("http_req_duration: p(95) < 2s", false));

        JsonNode m = K6SummaryExport.build(empty, verdicts, "http_req_failed: rate > 5%")
                .get("metrics");

        assertThat(m.at("/prometheus.errorRate/thresholds/avg < 1%").asBoolean())
                .isTrue();
        assertThat(m.at("/prometheus.cacheMiss/thresholds/avg < 1%").asBoolean())
                .isFalse();
        assertThat(m.at("/http_req_duration/thresholds/p(95) < 2s").asBoolean())
                .describedAs("the same expression twice: failed if either failed")
                .isTrue();
        assertThat(m.at("/http_req_failed/thresholds/abort when rate > 5%").asBoolean())
                .isTrue();
    }

    private static ThresholdResult result(String expression, boolean ok) {
        return new ThresholdResult(ThresholdParser.parse(expression), 0, 0, ok);
    }

    /** A threshold scoped to one endpoint files that endpoint's own figures beside its verdict. */
    @Test
    void anEndpointScopedThresholdCarriesThatEndpointsFigures() {
        StatsCollector c = new StatsCollector("t", 1000);
        c.start(1_790_000_000_000L, () -> 1);
        StatsCollector.Check status = c.check("buy", "status is 200");
        for (int i = 0; i < 10; i++) {
            c.endpoint("buy").record(50_000, i < 2 ? Outcome.HTTP_5XX : Outcome.SUCCESS, 10, 10);
            status.record(i >= 2);
        }
        c.endpoint("browse").record(5_000, Outcome.SUCCESS, 10, 10);
        c.sample(2000);
        List<ThresholdResult> verdicts = List.of(
                result("http_req_failed{name:buy}: rate < 10%", false),
                result("checks{name:buy}: rate > 90%", false),
                result("http_reqs{name:buy}: count > 5", true));

        JsonNode m = K6SummaryExport.build(c.snapshot(), verdicts).get("metrics");

        JsonNode failed = m.get("http_req_failed{name:buy}");
        assertThat(failed.get("value").asDouble()).isEqualTo(0.2);
        assertThat(failed.get("passes").asLong()).isEqualTo(2);
        assertThat(failed.get("fails").asLong()).isEqualTo(8);
        assertThat(m.at("/checks{name:buy}/value").asDouble()).isEqualTo(0.8);
        assertThat(m.at("/checks{name:buy}/fails").asLong()).isEqualTo(2);
        assertThat(m.at("/http_reqs{name:buy}/count").asLong()).isEqualTo(10);
        assertThat(m.at("/http_reqs{name:buy}/rate").asDouble()).isEqualTo(5.0);
        assertThat(m.at("/http_reqs{name:buy}/thresholds/count > 5").asBoolean())
                .isFalse();
    }
}
