package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The target's observations so far live in a ConfigMap (an operator restart reads them back). A
 * read the API api.server() fails (a blip) must not start them over: that dropped the run's OOM kills
 * and restarts, stored the empty history over them, and a "count == 0" threshold then passed.
 */
class RunWatchStoreTest {
    @RegisterExtension
    final MockApi api = MockApi.expectations();

    @BeforeEach
    void start() {
        api.server()
                .expect()
                .get()
                .withPath("/api/v1/namespaces/perf/configmaps/blip-target")
                .andReturn(503, "{\"kind\":\"Status\",\"code\":503,\"message\":\"etcd leader changed\"}")
                .always();
    }

    @Test
    void aLookWhoseStoredObservationsCannotBeReadIsSkippedNotStartedOver() throws Exception {
        LoadTestResource lt = Specs.resource("blip", """
                target: {url: "http://api:80", workload: {hpa: api}}
                load: {users: 1, duration: 1m}
                thresholds: ["target.oomKilled: count == 0"]
                scenario: {tasks: [{request: {path: /}}]}
                """);
        RunWatch watch = TestRunSteps.watch(api.client());
        LoadTestStatus status = new LoadTestStatus();
        status.startTime = Instant.now().minusSeconds(60).toString();
        var spec = LoadTestParser.effective(lt.asLoadTest()).spec;

        watch.look(lt, spec, status, null);

        List<String> calls = new ArrayList<>();
        for (RecordedRequest r; (r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            calls.add(r.getMethod() + " " + r.getPath());
        }
        assertThat(calls)
                .describedAs("nothing observed afresh, nothing stored over the run's history")
                .allMatch(c -> c.startsWith("GET /api/v1/namespaces/perf/configmaps/blip-target")
                        || c.startsWith("POST /api/v1/namespaces/perf/events")
                        || c.startsWith("POST /apis/events.k8s.io"));
        assertThat(status.conditions).anySatisfy(c -> assertThat(c.message).contains("this look is skipped"));

        assertThatThrownBy(() -> watch.end(lt, spec, status, System.currentTimeMillis(), Duration.ofSeconds(3)))
                .describedAs("the verdict waits for the observations: the finish is tried again")
                .isInstanceOf(KubernetesClientException.class);
    }
}
