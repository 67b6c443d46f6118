package dev.loadtest.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
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
}
