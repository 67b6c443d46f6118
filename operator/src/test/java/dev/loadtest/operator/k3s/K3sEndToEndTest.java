package dev.loadtest.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.reconciler.LoadTestReconciler;
import dev.loadtest.operator.reconciler.RunSteps;
import dev.loadtest.operator.runner.RunnerClient;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real cluster: K3s in Docker, the CRD installed, the operator running (in this JVM, against
 * K3s), the demo target deployed in-cluster, and a real runner pod from the runner image. Skipped
 * where there is no Docker engine. Needs the runner image built first (see
 * .github/workflows/release.yml: {@code docker build -t loadtest-runner:dev -f runner-image/Dockerfile .}).
 *
 * <p>The operator runs in the test JVM, outside the cluster, so it reaches the runners through the
 * API server's pod proxy ({@code loadtest.runner-access=api-proxy}).
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndTest {
    static final String IMAGE = System.getProperty("loadtest.runner.image", "loadtest-runner:dev");

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))
            .withFileSystemBind(
                    imageTarball().toString(),
                    "/var/lib/rancher/k3s/agent/images/loadtest-runner.tar",
                    BindMode.READ_ONLY);

    /** `docker save` of the runner image, which K3s imports at boot from its images folder. */
    static Path imageTarball() {
        try {
            Path tar = Path.of("target/loadtest-runner-image.tar");
            Files.createDirectories(tar.getParent());
            Process p = new ProcessBuilder("docker", "save", "-o", tar.toString(), IMAGE)
                    .inheritIO()
                    .start();
            if (p.waitFor() != 0 || !Files.exists(tar)) {
                Files.write(tar, new byte[0]); // K3s skips an empty tarball; the test then says why
            }
            return tar.toAbsolutePath();
        } catch (Exception e) {
            return Path.of("/dev/null");
        }
    }

    @Test
    void aLoadTestRunsOnARealRunnerPodAgainstAnInClusterTarget() throws Exception {
        assumeTrue(
                Files.size(imageTarball()) > 0,
                "runner image " + IMAGE + " is not in the local Docker: build it first");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                .build()) {
            try (var in = new FileInputStream("../crds/loadtests.loadtest.dev-v1.yml")) {
                client.apiextensions().v1().customResourceDefinitions().load(in).serverSideApply();
            }
            client.apps()
                    .deployments()
                    .inNamespace("default")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("target")
                            .endMetadata()
                            .withNewSpec()
                            .withNewSelector()
                            .addToMatchLabels("app", "target")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "target")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("target")
                            .withImage(IMAGE)
                            .withImagePullPolicy("Never")
                            .withArgs("demo-target", "--port", "8080", "--latency-scale", "0.1")
                            .addNewPort()
                            .withContainerPort(8080)
                            .endPort()
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
            client.services()
                    .inNamespace("default")
                    .resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName("target")
                            .endMetadata()
                            .withNewSpec()
                            .addToSelector("app", "target")
                            .addNewPort()
                            .withPort(8080)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();

            OperatorConfig config = new dev.loadtest.operator.sim.TestConfig(
                    IMAGE, "api-proxy", Duration.ofSeconds(2), Duration.ofMinutes(3));
            RunSteps steps =
                    dev.loadtest.operator.sim.TestRunSteps.create(config, new RunnerClient(config, client), client);
            Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
            operator.register(new LoadTestReconciler(
                    steps,
                    new dev.loadtest.operator.metrics.LoadTestMetrics(
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
            operator.start();
            try {
                LoadTestResource lt = new LoadTestResource();
                lt.setMetadata(new ObjectMetaBuilder()
                        .withName("k3s-smoke")
                        .withNamespace("default")
                        .build());
                lt.setSpec(LoadTestParser.parseAsWritten("""
                        apiVersion: loadtest.dev/v1alpha1
                        kind: LoadTest
                        spec:
                          target: {url: "http://target.default.svc:8080", workload: {podSelector: {app: target}}}
                          load: {users: 5, duration: 10s}
                          thresholds: ["http_req_failed: rate < 1%"]
                          runners: {image: "%s", resources: {requests: {cpu: 100m, memory: 128Mi}}}
                          scenario: {tasks: [{name: q, request: {method: POST, path: /api/query, json: {q: hi}}}]}
                        """.formatted(IMAGE), "k3s").spec);
                client.resource(lt).create();
                await().atMost(Duration.ofMinutes(4)).until(() -> {
                    LoadTestResource r = client.resources(LoadTestResource.class)
                            .inNamespace("default")
                            .withName("k3s-smoke")
                            .get();
                    return r.getStatus() != null
                            && r.getStatus().phase != null
                            && r.getStatus().phase.terminal();
                });
                LoadTestStatus s = client.resources(LoadTestResource.class)
                        .inNamespace("default")
                        .withName("k3s-smoke")
                        .get()
                        .getStatus();
                assertThat(s.phase).describedAs(s.message).isEqualTo(Phase.Passed);
                String stats = client.raw("/api/v1/namespaces/default/services/target:8080/proxy/stats");
                long seen = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(stats)
                        .at("/requests/POST ~1api~1query")
                        .asLong();
                assertThat(s.summary.requests).isPositive().isEqualTo(seen);
                assertThat(s.target.peakPods)
                        .as("the target's pod, watched during the run")
                        .isEqualTo(1);
                assertThat(s.target.restarts).isZero();
            } finally {
                operator.stop();
            }
        }
    }

    /** Operator settings for this test: the runner image under test, real-cluster timeouts. */
}
