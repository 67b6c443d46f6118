package dev.loadtest.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.operator.sim.TestConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * runnerAccess: api-proxy (an operator outside the cluster): every call to a runner goes through
 * the API server's pod proxy with the client's credentials, not to the pod IP.
 */
class RunnerClientApiProxyTest {
    private KubernetesMockServer server;
    private KubernetesClient client;
    private RunnerClient runners;

    private final Pod pod = new PodBuilder()
            .withNewMetadata()
            .withName("lt-0")
            .withNamespace("perf")
            .endMetadata()
            .withNewStatus()
            .withPodIP("10.1.2.3") // unreachable from here: only the proxy path can answer
            .endStatus()
            .build();

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        runners = new RunnerClient(new TestConfig("api-proxy"), client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void statusSnapshotAndStartGoThroughThePodProxy() throws Exception {
        String base = "/api/v1/namespaces/perf/pods/lt-0:8089/proxy";
        server.expect()
                .get()
                .withPath(base + "/status")
                .andReturn(
                        200,
                        "{\"runnerIndex\":0,\"runnerCount\":1,\"state\":\"READY\",\"users\":0,\"startedAtEpochMs\":0,"
                                + "\"message\":\"\"}")
                .always();
        dev.loadtest.engine.stats.StatsCollector stats = new dev.loadtest.engine.stats.StatsCollector("t", 1000);
        stats.start(1_000L, () -> 1);
        for (int i = 0; i < 7; i++) {
            stats.endpoint("home").record(1000, dev.loadtest.engine.stats.Outcome.SUCCESS, 10, 10);
        }
        stats.sample(1000);
        String totals = new String(dev.loadtest.engine.report.ResultsFile.toBytes(stats.snapshot()));
        server.expect()
                .get()
                .withPath(base + "/snapshot?totals=true")
                .andReturn(200, totals)
                .always();
        server.expect()
                .post()
                .withPath(base + "/start?at=1234")
                .andReturn(200, "")
                .once();

        assertThat(runners.status(pod))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(AgentState.READY));
        RunnerClient.Merged merged = runners.pullMerged(List.of(pod), false);
        assertThat(merged.runners()).isEqualTo(1);
        assertThat(merged.snapshot().requests()).isEqualTo(7);
        assertThat(runners.start(pod, 1234)).isTrue();

        RecordedRequest last = server.getLastRequest();
        assertThat(last.getMethod()).isEqualTo("POST");
        assertThat(last.getPath()).isEqualTo(base + "/start?at=1234");
    }

    @Test
    void aRunnerThatDoesNotAnswerIsAbsentNotAnError() {
        assertThat(runners.status(pod)).isEmpty();
        assertThat(runners.stop(pod)).isFalse();
    }
}
