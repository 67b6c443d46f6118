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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.BindMode;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real cluster: K3s in Docker, the CRD installed, the operator running (in this JVM, against
 * K3s), the demo target deployed in-cluster, and a real runner pod from the runner image. Skipped
 * where there is no Docker engine, and where the runner image has not been built (unless
 * {@code -Dloadtest.k3s.required=true}, as the CI's k3s job sets: there a missing image fails). The
 * image is built first, as .github/workflows/ci.yml does:
 * {@code docker build -t loadtest-runner:dev -f runner-image/Dockerfile .}
 *
 * <p>The operator runs in the test JVM, outside the cluster, so it reaches the runners through the
 * API server's pod proxy ({@code loadtest.runner-access=api-proxy}).
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class K3sEndToEndTest {
    static final String IMAGE = System.getProperty("loadtest.runner.image", "loadtest-runner:dev");
    static final boolean REQUIRED = Boolean.getBoolean("loadtest.k3s.required");

    /**
     * `docker save` of the runner image, which K3s imports at boot from its images folder; null when
     * the image is not in the local Docker. Bounded in time, its output kept out of the test's.
     */
    static Path imageTarball() throws Exception {
        Path tar = Path.of("target/loadtest-runner-image.tar").toAbsolutePath();
        Files.createDirectories(tar.getParent());
        Files.deleteIfExists(tar);
        Process p = new ProcessBuilder("docker", "save", "-o", tar.toString(), IMAGE)
                .redirectErrorStream(true)
                .redirectOutput(tar.resolveSibling("docker-save.log").toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 && Files.exists(tar) && Files.size(tar) > 0 ? tar : null;
    }

    @Test
    void aLoadTestRunsOnARealRunnerPodAgainstAnInClusterTarget() throws Exception {
        Path tarball = imageTarball();
        String missing = "runner image " + IMAGE + " is not in the local Docker (see target/docker-save.log):"
                + " build it first (docker build -t " + IMAGE + " -f runner-image/Dockerfile .)";
        if (REQUIRED) {
            assertThat(tarball).describedAs(missing).isNotNull();
        }
        assumeTrue(tarball != null, missing);
        // started here, after the image check: a static @Container would boot K3s (a minute or two)
        // in every test run on a machine with Docker, only for the test to be skipped
        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))
                        .withFileSystemBind(
                                tarball.toString(),
                                "/var/lib/rancher/k3s/agent/images/loadtest-runner.tar",
                                BindMode.READ_ONLY)
                        // the node registers only once containerd has imported the image tarball
                        .withStartupTimeout(Duration.ofMinutes(4));
                KubernetesClient client = start(k3s)) {
            try (var in = new FileInputStream("../crds/loadtests.loadtest.dev-v1.yml")) {
                client.apiextensions().v1().customResourceDefinitions().load(in).serverSideApply();
            }
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("loadtests.loadtest.dev")
                    .waitUntilCondition(
                            crd -> crd != null
                                    && crd.getStatus() != null
                                    && crd.getStatus().getConditions().stream()
                                            .anyMatch(c ->
                                                    "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                            2,
                            TimeUnit.MINUTES);
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
                            // every address: the Service sends to the pod IP
                            .withArgs("demo-target", "--host", "0.0.0.0", "--port", "8080", "--latency-scale", "0.1")
                            .addNewPort()
                            .withContainerPort(8080)
                            .endPort()
                            .withNewReadinessProbe()
                            .withNewHttpGet()
                            .withPath("/health")
                            .withNewPort(8080)
                            .endHttpGet()
                            .withPeriodSeconds(1)
                            .endReadinessProbe()
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

            // the target serving, and cluster DNS answering: a runner that cannot resolve
            // target.default.svc at its start fails every request of a 10 s run
            client.apps()
                    .deployments()
                    .inNamespace("default")
                    .withName("target")
                    .waitUntilReady(3, TimeUnit.MINUTES);
            client.apps()
                    .deployments()
                    .inNamespace("kube-system")
                    .withName("coredns")
                    .waitUntilReady(3, TimeUnit.MINUTES);

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
                          runners: {image: "RUNNER_IMAGE", resources: {requests: {cpu: 100m, memory: 128Mi}}}
                          scenario: {tasks: [{name: q, request: {method: POST, path: /api/query, json: {q: hi}}}]}
                        """.replace("RUNNER_IMAGE", IMAGE), "k3s").spec);
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

    private static KubernetesClient start(K3sContainer k3s) {
        k3s.start();
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                .build();
    }
}
