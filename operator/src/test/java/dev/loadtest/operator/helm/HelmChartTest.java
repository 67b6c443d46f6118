package dev.loadtest.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart lints, renders what an install needs, and ships the same CRD as crds/. */
class HelmChartTest {
    private static final Path CHART = Path.of("../helm/loadtest-operator");

    @Test
    void theChartLintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed())
                .describedAs(String.join("\n", lint.getMessages()))
                .isFalse();
    }

    @Test
    void theChartRendersTheOperatorItsRbacAndTheRunnerChannel() {
        String rendered = new Helm(CHART)
                .template()
                .withName("lt")
                .withNamespace("loadtest")
                .call();
        List<HasMetadata> objects = Serialization.unmarshal(rendered);
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Service",
                        "NetworkPolicy");
        Deployment d = objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("LOADTEST_RUNNER_IMAGE");
            assertThat(e.getValue()).contains("loadtest-runner");
        });
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("lt");
        ClusterRole role = objects.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(role.getRules()).anySatisfy(r -> {
            assertThat(r.getResources()).contains("loadtests/status");
            assertThat(r.getVerbs()).contains("patch");
        });
        assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("pods"));
        assertThat(role.getRules())
                .describedAs("no wildcard rights")
                .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*"));
    }

    @Test
    void theOperatorContainerIsLockedDownProbedAndRunsTheImageJvmFlags() throws Exception {
        List<HasMetadata> objects = Serialization.unmarshal(new Helm(CHART)
                .template()
                .withName("lt")
                .withNamespace("loadtest")
                .call());
        Deployment deployment = objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(deployment.getSpec().getStrategy().getType())
                .describedAs("no leader election: an upgrade must not run two operators at once")
                .isEqualTo("Recreate");
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var container = pod.getContainers().get(0);
        var sc = container.getSecurityContext();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).contains("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        // a read-only root: the JVM's /tmp (hsperfdata) is an emptyDir
        assertThat(container.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());

        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080); // quarkus.http.port
        });
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");

        // The image's ENTRYPOINT carries the JVM flags (heap, GC, AOT cache): nothing replaces or adds to them.
        assertThat(container.getCommand()).isNullOrEmpty();
        assertThat(container.getArgs()).isNullOrEmpty();
        assertThat(container.getEnv())
                .extracting(e -> e.getName())
                .doesNotContainAnyElementsOf(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        // runAsNonRoot can only be verified by the kubelet for a numeric, non-zero USER
        assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*$");
        // the memory limit holds the JVM's capped pools: heap, metaspace and code cache
        var flags = java.util.regex.Pattern.compile(
                        "\"-(?:Xmx|XX:MaxMetaspaceSize=|XX:ReservedCodeCacheSize=)(\\d+)m\"")
                .matcher(dockerfile)
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .toArray();
        assertThat(flags).hasSize(3);
        var resources = container.getResources();
        long limitMi = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                                resources.getLimits().get("memory"))
                        .longValue()
                / (1024 * 1024);
        assertThat(limitMi).isGreaterThan(java.util.Arrays.stream(flags).sum());
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    }

    @Test
    void targetReadingIsReadOnlyAndBoundOnlyWhereAsked() {
        String rendered = new Helm(CHART)
                .template()
                .withName("loadtest-operator")
                .withNamespace("loadtest")
                .set("targetNamespaces[0]", "shop")
                .set("targetNamespaces[1]", "payments")
                .call();
        List<HasMetadata> objects = Serialization.unmarshal(rendered);
        ClusterRole reader = objects.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("loadtest-operator-target-reader"))
                .findFirst()
                .orElseThrow();
        assertThat(reader.getRules())
                .allSatisfy(r -> assertThat(r.getVerbs()).isSubsetOf("get", "list"))
                .anySatisfy(r -> {
                    assertThat(r.getApiGroups()).containsExactly("autoscaling");
                    assertThat(r.getResources()).containsExactly("horizontalpodautoscalers");
                })
                .anySatisfy(r -> {
                    assertThat(r.getApiGroups()).containsExactly("metrics.k8s.io");
                    assertThat(r.getResources()).containsExactly("pods");
                });
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("RoleBinding"))
                .extracting(o -> o.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("shop", "payments");
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("ClusterRoleBinding"))
                .extracting(o -> o.getMetadata().getName())
                .doesNotContain("loadtest-operator-target-reader");
    }

    /** A NetworkPolicy covers its own namespace only: one where each watched namespace's runners run, on the agent port. */
    @Test
    void theRunnerChannelIsOpenInEveryNamespaceWhereRunnersRunOnTheAgentPort() {
        List<HasMetadata> watched = Serialization.unmarshal(new Helm(CHART)
                .template()
                .withName("lt")
                .withNamespace("loadtest")
                .set("watchNamespaces[0]", "perf")
                .set("watchNamespaces[1]", "team-b")
                .set("agentPort", "9090")
                .call());
        List<NetworkPolicy> policies = watched.stream()
                .filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .toList();
        assertThat(policies)
                .extracting(p -> p.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("perf", "team-b");
        assertThat(policies).allSatisfy(p -> {
            var from = p.getSpec().getIngress().get(0).getFrom().get(0);
            assertThat(from.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "loadtest");
            assertThat(p.getSpec()
                            .getIngress()
                            .get(0)
                            .getPorts()
                            .get(0)
                            .getPort()
                            .getIntVal())
                    .isEqualTo(9090);
        });
        Deployment d = watched.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .describedAs("the operator tells runners the port the policy opens")
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("LOADTEST_AGENT_PORT");
                    assertThat(e.getValue()).isEqualTo("9090");
                });

        List<HasMetadata> everywhere = Serialization.unmarshal(new Helm(CHART)
                .template()
                .withName("lt")
                .withNamespace("loadtest")
                .set("networkPolicy.namespaces[0]", "perf")
                .call());
        assertThat(everywhere)
                .filteredOn(NetworkPolicy.class::isInstance)
                .extracting(o -> o.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("loadtest", "perf");
    }

    @Test
    void theRunnerChannelsNetworkPolicyIsLeftOutWhenTheApiServerMakesTheCalls() {
        List<HasMetadata> objects = Serialization.unmarshal(new Helm(CHART)
                .template()
                .withName("lt")
                .withNamespace("loadtest")
                .set("runnerAccess", "api-proxy")
                .call());
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .describedAs("a policy admitting only the operator pod would shut the API server's proxy out")
                .contains("Deployment")
                .doesNotContain("NetworkPolicy");
    }

    @Test
    void theOperatorsDefaultRunnerImageIsTheOneTheChartAndTheReleaseName() throws Exception {
        String byDefault = dev.loadtest.operator.config.OperatorConfig.class
                .getMethod("runnerImage")
                .getAnnotation(io.smallrye.config.WithDefault.class)
                .value();
        assertThat(Files.readString(CHART.resolve("values.yaml"))).contains("runner: " + byDefault);
        assertThat(byDefault).contains("/loadtest-runner:"); // what .github/workflows/release.yml pushes
    }

    @Test
    void theChartShipsTheCommittedCrd() throws Exception {
        String file = "loadtests.loadtest.dev-v1.yml";
        assertThat(Files.readString(CHART.resolve("crds").resolve(file)))
                .describedAs("helm/loadtest-operator/crds/%s is stale: copy crds/%s there", file, file)
                .isEqualTo(Files.readString(Path.of("../crds", file)));
    }
}
