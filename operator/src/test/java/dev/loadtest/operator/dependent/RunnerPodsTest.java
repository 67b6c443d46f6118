package dev.loadtest.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sizing.RunPlan;
import dev.loadtest.operator.sizing.RunSizer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class RunnerPodsTest {
    private static Pod pod(String spec, int index) {
        LoadTestResource lt = Specs.resource("checkout", spec);
        RunPlan plan = RunSizer.plan(LoadTestParser.effective(lt.asLoadTest()).spec, 250);
        return RunnerPods.desired(lt, plan, index, "registry/runner:1", 8089);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    private static final String BASIC = """
            target: {url: "http://api:80"}
            load: {users: 10, duration: 1m}
            runners: {usersPerRunner: 4}
            scenario: {tasks: [{request: {path: /}}]}
            """;

    @Test
    void longNamesSharingAPrefixGetTheirOwnRunnerPods() {
        String a = "checkout-peak-hour-load-test-against-the-eu-west-cluster-aaaa"; // 61 characters
        String b = "checkout-peak-hour-load-test-against-the-eu-west-cluster-bbbb";

        assertThat(RunnerPods.name(a, 12)).isEqualTo(a + "-runner-12");
        assertThat(RunnerPods.name(a, 0)).isNotEqualTo(RunnerPods.name(b, 0));
    }

    @Test
    void aRunnerIsNeverRestartedHasResourcesAndKnowsItsShare() {
        Pod p = pod(BASIC, 2);
        Container c = p.getSpec().getContainers().get(0);
        assertThat(p.getMetadata().getName()).isEqualTo("checkout-runner-2");
        assertThat(p.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(c.getImage()).isEqualTo("registry/runner:1");
        assertThat(c.getArgs()).containsExactly("agent");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(env(c, "LOADTEST_RUNNER_INDEX")).isEqualTo("2");
        assertThat(env(c, "LOADTEST_RUNNER_COUNT")).isEqualTo("3");
        assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("LoadTest");
            assertThat(o.getController()).isTrue();
        });
        assertThat(p.getMetadata().getLabels())
                .containsEntry(RunnerPods.TEST_LABEL, "checkout")
                .containsEntry(RunnerPods.INDEX_LABEL, "2");
        assertThat(p.getSpec().getTopologySpreadConstraints())
                .describedAs("runners spread across nodes, scheduled anyway where they cannot be")
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(t.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                    assertThat(t.getLabelSelector().getMatchLabels()).containsEntry(RunnerPods.TEST_LABEL, "checkout");
                });
        assertThat(p.getSpec().getAffinity())
                .describedAs("none unless asked for")
                .isNull();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/status");
        assertThat(p.getSpec().getActiveDeadlineSeconds())
                .describedAs("30 min to start + 1 min of load + 30 s gracefulStop + 70 min to hand over: then the"
                        + " kubelet ends a runner that would otherwise hang on")
                .isEqualTo(30 * 60 + 60 + 30 + 70 * 60L);
    }

    @Test
    void dataSetsWhoseNamesAreNotDnsLabelsStillMakeVolumesTheApiServerTakes() {
        Pod p = pod("""
                target: {url: "http://api:80"}
                load: {users: 2, duration: 1m}
                data:
                  - {name: user_Accounts, configMapKeyRef: {name: accounts, key: users.csv}}
                  - {name: SKUs, configMapKeyRef: {name: skus, key: skus.csv}}
                scenario: {tasks: [{request: {path: "/u/${data.user_Accounts.id}/${data.SKUs.sku}"}}]}
                """, 0);

        assertThat(p.getSpec().getVolumes())
                .extracting(v -> v.getName())
                .containsExactly("loadtest-data-0", "loadtest-data-1")
                .allMatch(n -> n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
        assertThat(p.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(m -> m.getName() + " " + m.getMountPath())
                .contains(
                        "loadtest-data-0 " + RunnerPods.DATA_DIR + "/user_Accounts",
                        "loadtest-data-1 " + RunnerPods.DATA_DIR + "/SKUs");
    }

    @Test
    void aDataFileOnAClaimIsMountedReadOnlyAndReadWhereItIs() {
        Pod p = pod("""
                target: {url: "http://api:80"}
                load: {users: 2, duration: 1m}
                data: [{name: users, file: /data/users.csv}]
                runners: {volumes: [{name: data, mountPath: /data, persistentVolumeClaim: big-users}]}
                scenario: {tasks: [{request: {path: "/u/${data.users.id}"}}]}
                """, 0);

        assertThat(p.getSpec().getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("big-users");
            assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
        });
        assertThat(p.getSpec().getContainers().get(0).getVolumeMounts())
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/data");
                    assertThat(m.getReadOnly()).isTrue();
                });
        LoadTest runnerDoc =
                LoadTestParser.parseAsWritten(env(p.getSpec().getContainers().get(0), "LOADTEST_SPEC"), "env");
        assertThat(runnerDoc.spec.data.get(0).file).isEqualTo("/data/users.csv");
    }

    @Test
    void placementImageAccountLabelsEnvAndVolumesComeFromTheSpec() {
        Pod p = pod("""
                target: {url: "http://api:80"}
                load: {users: 2, duration: 1m}
                env:
                  - {name: TOKEN, valueFrom: {secretKeyRef: {name: creds, key: token}}}
                data: [{name: queries, configMapKeyRef: {name: qs, key: queries.csv}}]
                runners:
                  image: my/runner:2
                  serviceAccountName: load
                  resources: {requests: {cpu: "2", memory: 2Gi}, limits: {memory: 2Gi}}
                  nodeSelector: {pool: load}
                  tolerations: [{key: spot, operator: Exists, effect: NoSchedule}]
                  labels: {team: perf}
                  annotations: {sidecar.istio.io/inject: "false"}
                  env: [{name: EXTRA, value: "1"}]
                  volumes: [{name: ca, mountPath: /etc/ca, secret: ca-bundle}]
                scenario: {tasks: [{request: {path: "/q", headers: {A: "${env.TOKEN}", B: "${data.queries.text}"}}}]}
                """, 0);
        Container c = p.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("my/runner:2");
        assertThat(c.getTerminationMessagePolicy())
                .describedAs("an agent that cannot run says why in its log: the run's error quotes it")
                .isEqualTo("FallbackToLogsOnError");
        assertThat(p.getSpec().getServiceAccountName()).isEqualTo("load");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
        assertThat(p.getSpec().getNodeSelector()).containsEntry("pool", "load");
        assertThat(p.getSpec().getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("spot"));
        assertThat(p.getMetadata().getLabels()).containsEntry("team", "perf");
        assertThat(p.getMetadata().getAnnotations()).containsEntry("sidecar.istio.io/inject", "false");
        EnvVar token = c.getEnv().stream()
                .filter(e -> e.getName().equals("TOKEN"))
                .findFirst()
                .orElseThrow();
        assertThat(token.getValue())
                .describedAs("secret values never enter the pod spec")
                .isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("creds");
        assertThat(env(c, "EXTRA")).isEqualTo("1");
        assertThat(c.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .contains("/etc/ca", RunnerPods.DATA_DIR + "/queries");
        assertThat(p.getSpec().getVolumes()).extracting(v -> v.getName()).contains("ca", "loadtest-data-0");
        LoadTest runnerDoc = LoadTestParser.parseAsWritten(env(c, "LOADTEST_SPEC"), "env");
        assertThat(runnerDoc.spec.data.get(0).file).isEqualTo(RunnerPods.DATA_DIR + "/queries/data.csv");
        assertThat(runnerDoc.spec.runners)
                .describedAs("placement is not the runner's business")
                .isNull();
        assertThat(env(c, "LOADTEST_SPEC")).doesNotContain("creds\":\"").contains("TOKEN");
    }

    /** What the first test leaves unsaid: affinity, config map env and volumes, whole tolerations. */
    @Test
    void affinityConfigMapEnvAndVolumesAndWholeTolerationsReachThePod() {
        Pod p = pod("""
                target: {url: "http://api:80"}
                load: {users: 2, duration: 1m}
                env:
                  - {name: REGION, valueFrom: {configMapKeyRef: {name: settings, key: region}}}
                runners:
                  tolerations: [{key: spot, operator: Equal, value: "true", effect: NoSchedule, tolerationSeconds: 60}]
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [load]}]}]
                  env: [{name: FLAGS, valueFrom: {configMapKeyRef: {name: settings, key: flags}}}]
                  volumes:
                    - {name: ca, mountPath: /etc/ca, secret: ca-bundle}
                    - {name: conf, mountPath: /etc/conf, configMap: runner-conf}
                scenario: {tasks: [{request: {path: "/q", headers: {R: "${env.REGION}"}}}]}
                """, 0);
        Container c = p.getSpec().getContainers().get(0);
        assertThat(p.getSpec()
                        .getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms()
                        .get(0)
                        .getMatchExpressions()
                        .get(0)
                        .getValues())
                .containsExactly("load");
        assertThat(p.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Equal");
            assertThat(t.getValue()).isEqualTo("true");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
            assertThat(t.getTolerationSeconds()).isEqualTo(60L);
        });
        for (String[] e : new String[][] {{"REGION", "region"}, {"FLAGS", "flags"}}) {
            EnvVar v = c.getEnv().stream()
                    .filter(x -> x.getName().equals(e[0]))
                    .findFirst()
                    .orElseThrow();
            assertThat(v.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("settings");
            assertThat(v.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo(e[1]);
        }
        assertThat(p.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("ca"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("ca-bundle"));
        assertThat(p.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("conf"))
                .singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("runner-conf"));
        assertThat(c.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("conf"))
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/conf"));
    }

    @Test
    void aRunnerAsksAMeshSidecarToQuitSoItsPodCompletes() {
        Container c = pod(BASIC, 0).getSpec().getContainers().get(0);
        assertThat(env(c, "LOADTEST_SIDECAR_QUIT_URLS"))
                .describedAs("the agent reads this variable when it exits (Istio, then Linkerd)")
                .isNotNull();
        assertThat(env(c, "LOADTEST_SIDECAR_QUIT_URLS").split(","))
                .containsExactly("http://127.0.0.1:15020/quitquitquit", "http://127.0.0.1:4191/shutdown");
    }

    /** Namespaces enforcing the "restricted" Pod Security Standard admit runner pods of our image. */
    @Test
    void runnersMeetTheRestrictedPodSecurityStandard() {
        Pod p = pod(BASIC, 0);
        assertThat(p.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(p.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        var c = p.getSpec().getContainers().get(0).getSecurityContext();
        assertThat(c.getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getPrivileged()).isNull();

        Pod own = pod(BASIC.replace("usersPerRunner: 4}", "usersPerRunner: 4, image: \"registry/my-runner:1\"}"), 0);
        assertThat(own.getSpec().getContainers().get(0).getImage()).isEqualTo("registry/my-runner:1");
        assertThat(own.getSpec().getSecurityContext().getRunAsNonRoot())
                .describedAs("an image of the user's own may run as root")
                .isNull();
        assertThat(own.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
    }

    @Test
    void desiredIsAPureFunction() {
        assertThat(pod(BASIC, 1)).isEqualTo(pod(BASIC, 1));
    }
}
