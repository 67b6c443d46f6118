package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The results are stored once, as the run ends, and the runners holding them are released after.
 * A write the API api.server() failed for the moment (503, throttling, no answer) was logged and the run
 * went on to release its runners: the results were gone for good and `loadtest report` found none.
 */
class ResultsWriteFailureTest {
    @RegisterExtension
    final MockApi api = MockApi.expectations();

    private static RunSnapshot snapshot() {
        StatsCollector c = new StatsCollector("t", 1000);
        c.start(1_790_000_000_000L, () -> 1);
        c.endpoint("GET /").record(1_000, Outcome.SUCCESS, 0, 0);
        c.sample(1_000);
        return c.snapshot();
    }

    private void configMapWritesAnswer(int code) {
        api.server()
                .expect()
                .post()
                .withPath("/api/v1/namespaces/perf/configmaps")
                .andReturn(code, "{\"kind\":\"Status\",\"code\":" + code + ",\"message\":\"answer " + code + "\"}")
                .always();
    }

    private final LoadTestResource lt = Specs.resource("store", """
            target: {url: "http://api:80"}
            load: {users: 1, duration: 1m}
            scenario: {tasks: [{request: {path: /}}]}
            """);

    @Test
    void aWriteTheServerFailedForNowIsThrownSoTheRunIsTriedAgainWhileRunnersHoldTheResults() {
        configMapWritesAnswer(503);
        RunSteps steps =
                TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestStatus status = new LoadTestStatus();

        assertThatThrownBy(() -> steps.storeResults(lt, status, snapshot(), null, "full results"))
                .isInstanceOf(KubernetesClientException.class);
        assertThat(status.results).isNull();
    }

    @Test
    void aWriteRefusedForGoodIsSaidInAnEventAndTheRunEnds() throws Exception {
        configMapWritesAnswer(403);
        RunSteps steps =
                TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestStatus status = new LoadTestStatus();

        steps.storeResults(lt, status, snapshot(), null, "full results");

        boolean event = false;
        for (RecordedRequest r; (r = api.server().takeRequest(200, TimeUnit.MILLISECONDS)) != null; ) {
            event |= r.getMethod().equals("POST")
                    && r.getPath().contains("events")
                    && r.getBody().readUtf8().contains("ResultsNotStored");
        }
        assertThat(event).describedAs("a ResultsNotStored event").isTrue();
    }

    /** A write failing for as long as a run may overrun (a webhook failing every write) ends the run without them. */
    @Test
    void aWriteFailingForLongerThanTheOverrunIsGivenUp() throws Exception {
        configMapWritesAnswer(503);
        var config = new dev.loadtest.operator.sim.TunedConfig(new TestConfig())
                .runOverrun(java.time.Duration.ofMillis(300));
        RunSteps steps = TestRunSteps.create(config, new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestStatus status = new LoadTestStatus();

        assertThatThrownBy(() -> steps.storeResults(lt, status, snapshot(), null, "full results"))
                .isInstanceOf(KubernetesClientException.class);
        Thread.sleep(400);
        steps.storeResults(lt, status, snapshot(), null, "full results"); // no longer thrown
        assertThat(status.results).isNull();
    }
}
