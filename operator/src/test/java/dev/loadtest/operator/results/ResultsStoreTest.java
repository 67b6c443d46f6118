package dev.loadtest.operator.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.engine.report.ResultsArchive;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.MockApi;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the stored results keep whatever their size, and what they are judged and described by. */
class ResultsStoreTest {
    @RegisterExtension
    final MockApi api = MockApi.crud();

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

    @Test
    void theSpecTheRunStartedWithIsStoredBesideItsResults() throws Exception {
        LoadTestResource started = Specs.resource("shop", """
                target: {url: "http://api:80"}
                load: {users: 40, duration: 10m}
                thresholds: ["http_req_duration{name:checkout}: p(95) < 300ms"]
                scenario: {tasks: [{name: checkout, request: {path: /}}]}
                """);
        LoadTestResource edited = Specs.resource("shop", """
                target: {url: "http://api:80"}
                load: {users: 1, duration: 1m}
                scenario: {tasks: [{name: checkout, request: {path: /}}]}
                """);

        ResultsStore.store(api.client(), edited, new StatsCollector("shop", 1000).snapshot(), started.asLoadTest());

        var cm = api.client()
                .configMaps()
                .inNamespace("perf")
                .withName("shop-results")
                .get();
        assertThat(cm.getBinaryData()).containsKeys(ResultsArchive.KEY, ResultsArchive.SPEC_KEY);
        LoadTestSpec stored = new ObjectMapper()
                .readValue(
                        Base64.getDecoder().decode(cm.getBinaryData().get(ResultsArchive.SPEC_KEY)),
                        LoadTestSpec.class);
        assertThat(stored.load.users).isEqualTo(40);
        assertThat(stored.thresholds).containsExactly("http_req_duration{name:checkout}: p(95) < 300ms");
    }
}
