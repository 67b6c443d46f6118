package dev.loadtest.operator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the stored results keep whatever their size: the endpoints the run is judged on. */
class ResultsStoreTest {
    @Test
    void theEndpointsThresholdsAreScopedToAreKeptOnTheirOwn() {
        assertThat(ResultsStore.namedEndpoints(List.of(
                        "http_req_duration: p(95) < 500ms",
                        "http_req_duration{name:checkout}: p(99) < 1s",
                        "http_req_failed{name:login}: rate < 1%",
                        "checks{name:checkout}: rate > 99%")))
                .containsExactlyInAnyOrder("checkout", "login");
        assertThat(ResultsStore.namedEndpoints(null)).isEmpty();
    }
}
