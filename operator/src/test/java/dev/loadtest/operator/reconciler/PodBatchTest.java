package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodBatchTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = dev.loadtest.operator.sim.CrudApiServer.start();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Pod pod(int i) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("lt-runner-" + i)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("runner")
                .withImage("runner")
                .endContainer()
                .endSpec()
                .build();
    }

    @Test
    void everyPodIsCreatedAndEachGetsItsOwnResultInOrder() {
        List<Pod> pods = IntStream.range(0, 3 * PodBatch.AT_ONCE + 5)
                .mapToObj(PodBatchTest::pod)
                .toList();
        client.pods().inNamespace("perf").resource(pods.get(7)).create(); // already there: a 409 for it

        List<PodBatch.Result> results = PodBatch.createAll(client, "perf", pods);

        assertThat(results)
                .extracting(r -> r.pod().getMetadata().getName())
                .containsExactlyElementsOf(
                        pods.stream().map(p -> p.getMetadata().getName()).toList());
        assertThat(results.get(7).failure())
                .isNotNull()
                .satisfies(e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(results).filteredOn(r -> r.failure() == null).hasSize(pods.size() - 1);
        assertThat(client.pods().inNamespace("perf").list().getItems()).hasSize(pods.size());
    }

    @Test
    void everyPodIsDeleted() {
        List<Pod> pods = IntStream.range(0, 2 * PodBatch.AT_ONCE + 3)
                .mapToObj(PodBatchTest::pod)
                .toList();
        PodBatch.createAll(client, "perf", pods);

        List<PodBatch.Result> results = PodBatch.deleteAll(client, "perf", pods);

        assertThat(results).allSatisfy(r -> assertThat(r.failure()).isNull());
        assertThat(client.pods().inNamespace("perf").list().getItems()).isEmpty();
    }

    @Test
    void podsNotYetSentAreSkippedOnceOneIsRefusedForGood() {
        // a quota: the API server refuses every pod; the first refusals stop the rest being sent
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.init();
        refusing.expect()
                .post()
                .withPath("/api/v1/namespaces/quota/pods")
                .andReturn(
                        403,
                        new io.fabric8.kubernetes.api.model.StatusBuilder()
                                .withStatus("Failure")
                                .withCode(403)
                                .withMessage("exceeded quota")
                                .build())
                .always();
        List<Pod> pods = IntStream.range(0, 10 * PodBatch.AT_ONCE)
                .mapToObj(PodBatchTest::pod)
                .toList();
        try (KubernetesClient c = refusing.createClient()) {
            List<PodBatch.Result> results = PodBatch.createAll(c, "quota", pods);

            assertThat(results.get(0).failure()).isNotNull();
            assertThat(results)
                    .filteredOn(PodBatch.Result::skipped)
                    .describedAs("not sent after the first refusals")
                    .hasSizeGreaterThan(pods.size() / 2);
            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.skipped() || r.failure() != null).isTrue());
            assertThat(refusing.getRequestCount()).isLessThan(pods.size() / 2);
        } finally {
            refusing.destroy();
        }
    }
}
