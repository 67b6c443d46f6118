package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.TestConfig;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A runner pod the API api.server() refuses (a ResourceQuota, an admission policy) ends the run as an
 * Error quoting the refusal, instead of a reconcile retried forever; a api.server() error is retried.
 */
class RejectedRunnerPodTest {
    @RegisterExtension
    final MockApi api = MockApi.expectations();

    private static LoadTestResource test() {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder()
                .withName("quota")
                .withNamespace("perf")
                .withUid("u-1")
                .withGeneration(1L)
                .build());
        lt.setSpec(LoadTestParser.parseAsWritten("""
                        apiVersion: loadtest.dev/v1alpha1
                        kind: LoadTest
                        spec:
                          target: {url: "http://127.0.0.1:1"}
                          load: {users: 2, duration: 5s}
                          scenario: {tasks: [{name: ping, request: {path: /ping}}]}
                        """, "quota").spec);
        return lt;
    }

    private void podCreationAnswers(int code, String message) {
        api.server()
                .expect()
                .post()
                .withPath("/api/v1/namespaces/perf/pods")
                .andReturn(
                        code,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(code)
                                .withMessage(message)
                                .build())
                .always();
    }

    @Test
    void aPodRefusedByAQuotaEndsTheRunNamingTheQuota() {
        String refusal = "pods \"quota-runner-0\" is forbidden: exceeded quota: team-quota, requested: cpu=500m,"
                + " used: cpu=3800m, limited: cpu=4";
        podCreationAnswers(403, refusal);
        RunSteps steps =
                TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestStatus s = new LoadTestStatus();

        steps.admit(test(), s, List.of(), List.of(), java.util.Set.of());

        assertThat(s.phase).isEqualTo(Phase.Error);
        assertThat(s.errorReason).isEqualTo("RunnerPodRejected");
        assertThat(s.message).contains("quota-runner-0").contains("HTTP 403").contains("exceeded quota: team-quota");
        assertThat(s.conditions)
                .anySatisfy(c -> assertThat(c.type + "=" + c.status + "/" + c.reason)
                        .isEqualTo("Complete=True/RunnerPodRejected"));
    }

    @Test
    void aServerErrorIsLeftToTheRetry() {
        podCreationAnswers(500, "etcd timeout");
        RunSteps steps =
                TestRunSteps.create(new TestConfig(), new RunnerClient(new TestConfig(), api.client()), api.client());
        LoadTestStatus s = new LoadTestStatus();

        Assertions.assertThatThrownBy(() -> steps.admit(test(), s, List.of(), List.of(), java.util.Set.of()))
                .isInstanceOf(KubernetesClientException.class);
        assertThat(s.phase).isNotEqualTo(Phase.Error);
    }
}
