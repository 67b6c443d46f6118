package dev.loadtest.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.model.DataFile;
import dev.loadtest.api.model.EnvVar;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.RunnerVolume;
import dev.loadtest.api.model.Runners;
import dev.loadtest.api.parse.LoadTestValidator;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sizing.RunPlan;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired runner pod i of a LoadTest: a pure function of the resource, the plan and the image.
 * No restarts (a retried load runner corrupts the numbers), resources by default (admission
 * policies reject pods without), runners spread across nodes by default.
 */
public final class RunnerPods {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "loadtest-operator";
    public static final String TEST_LABEL = "loadtest.dev/name";
    public static final String INDEX_LABEL = "loadtest.dev/runner-index";
    /** The LoadTest's metadata.generation the runner was made from: runners of one run share it. */
    public static final String GENERATION_ANNOTATION = "loadtest.dev/generation";
    /** On pods whose LOADTEST_SPEC and spec.env values are written kubelet-literal ({@link #kubeletLiteral}). */
    public static final String ENV_LITERAL_ANNOTATION = "loadtest.dev/env-literal";
    /** Overrides the agent port the operator connects to (host-network setups, the simulated cluster). */
    public static final String AGENT_PORT_ANNOTATION = "loadtest.dev/agent-port";

    public static final String DATA_DIR = "/loadtest/data";
    /** The operator's own volumes: names no spec.runners.volumes[] may take (the validator says so). */
    static final String DATA_VOLUME_PREFIX = LoadTestValidator.RESERVED_VOLUME_PREFIX + "data-";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerPods() {}

    /**
     * Never shortened: two LoadTests sharing a long prefix would otherwise claim the same pods. A
     * pod name may have 253 characters, and a LoadTest's name at most 63 (it is a label value).
     */
    public static String name(String test, int index) {
        return test + "-runner-" + index;
    }

    /**
     * The kubelet ends a runner pod that outlives any run (ending it Failed, its logs kept): the
     * longest start wait, the load and its gracefulStop, the agent's hour of waiting to hand over
     * its results, and 10 minutes to spare. A hung runner, or one whose mesh sidecar keeps the pod
     * alive, then cannot hold its node's resources forever.
     */
    static long activeDeadlineSeconds(LoadTestResource lt) {
        Duration start = Duration.ofMinutes(30);
        if (lt.getSpec().runners != null && lt.getSpec().runners.startTimeout != null) {
            Duration asked = dev.loadtest.api.units.Durations.parse(lt.getSpec().runners.startTimeout);
            start = asked.compareTo(start) > 0 ? asked : start;
        }
        Duration run = dev.loadtest.operator.reconciler.RunDeadline.length(
                dev.loadtest.api.parse.LoadTestParser.effective(lt.asLoadTest()).spec);
        return start.plus(run).plus(Duration.ofMinutes(70)).toSeconds();
    }

    public static Pod desired(LoadTestResource lt, RunPlan plan, int index, String defaultImage, int agentPort) {
        LoadTestSpec spec = lt.getSpec();
        Runners r = spec.runners != null ? spec.runners : new Runners();
        String test = lt.getMetadata().getName();
        Map<String, String> labels = new LinkedHashMap<>();
        if (r.labels != null) {
            labels.putAll(r.labels);
        }
        labels.put("app.kubernetes.io/name", "loadtest-runner");
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(TEST_LABEL, test);
        labels.put(INDEX_LABEL, String.valueOf(index));

        List<io.fabric8.kubernetes.api.model.EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder()
                .withName("LOADTEST_SPEC")
                .withValue(kubeletLiteral(runnerDocument(lt)))
                .build());
        env.add(new EnvVarBuilder()
                .withName("LOADTEST_RUNNER_INDEX")
                .withValue(String.valueOf(index))
                .build());
        env.add(new EnvVarBuilder()
                .withName("LOADTEST_RUNNER_COUNT")
                .withValue(String.valueOf(plan.runners()))
                .build());
        env.add(new EnvVarBuilder()
                .withName("LOADTEST_AGENT_PORT")
                .withValue(String.valueOf(agentPort))
                .build());
        // A mesh sidecar would keep a finished pod Running; the agent asks it to quit on exit.
        env.add(new EnvVarBuilder()
                .withName("LOADTEST_SIDECAR_QUIT_URLS")
                .withValue("http://127.0.0.1:15020/quitquitquit,http://127.0.0.1:4191/shutdown")
                .build());
        addEnv(env, spec.env, true);
        addEnv(env, r.env, false); // the pod's own variables: Kubernetes' rules, as the user wrote them

        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (spec.data != null) {
            for (int i = 0; i < spec.data.size(); i++) {
                DataFile d = spec.data.get(i);
                if (d.configMapKeyRef != null) {
                    // by position: a volume's name is a DNS label, a data set's may have '_' or capitals
                    String vol = DATA_VOLUME_PREFIX + i;
                    volumes.add(new VolumeBuilder()
                            .withName(vol)
                            .withNewConfigMap()
                            .withName(d.configMapKeyRef.name)
                            .addNewItem()
                            .withKey(d.configMapKeyRef.key)
                            .withPath("data.csv")
                            .endItem()
                            .endConfigMap()
                            .build());
                    mounts.add(new VolumeMountBuilder()
                            .withName(vol)
                            .withMountPath(DATA_DIR + "/" + d.name)
                            .withReadOnly(true)
                            .build());
                }
            }
        }
        if (r.volumes != null) {
            for (RunnerVolume v : r.volumes) {
                VolumeBuilder b = new VolumeBuilder().withName(v.name);
                if (v.secret != null) {
                    b.withNewSecret().withSecretName(v.secret).endSecret();
                } else if (v.persistentVolumeClaim != null) {
                    // read-only: runners only read data from it, and a load runner must not write
                    // to what every other runner reads
                    b.withNewPersistentVolumeClaim()
                            .withClaimName(v.persistentVolumeClaim)
                            .withReadOnly(true)
                            .endPersistentVolumeClaim();
                } else {
                    b.withNewConfigMap().withName(v.configMap).endConfigMap();
                }
                volumes.add(b.build());
                mounts.add(new VolumeMountBuilder()
                        .withName(v.name)
                        .withMountPath(v.mountPath)
                        .withReadOnly(true)
                        .build());
            }
        }

        return new PodBuilder()
                .withNewMetadata()
                .withName(name(test, index))
                .withNamespace(lt.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations(lt, r))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(lt.getApiVersion())
                        .withKind(lt.getKind())
                        .withName(test)
                        .withUid(lt.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(r.serviceAccountName)
                .withNodeSelector(r.nodeSelector)
                .withTolerations(r.tolerations)
                .withAffinity(r.affinity)
                .withTopologySpreadConstraints(spreadAcrossNodes(test))
                .withTerminationGracePeriodSeconds(40L)
                .withActiveDeadlineSeconds(activeDeadlineSeconds(lt))
                .withSecurityContext(podSecurity(r.image == null))
                .withVolumes(volumes)
                .addToContainers(new ContainerBuilder()
                        .withName("runner")
                        .withImage(r.image != null ? r.image : defaultImage)
                        .withArgs("agent")
                        // an agent that cannot run says why in its log's last lines: the pod's
                        // termination message then, quoted in the run's error
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .addNewPort()
                        .withName("agent")
                        .withContainerPort(agentPort)
                        .endPort()
                        .withEnv(env)
                        .withVolumeMounts(mounts)
                        .withResources(r.resources != null ? r.resources : defaultResources())
                        .withSecurityContext(containerSecurity())
                        .withNewReadinessProbe()
                        .withNewHttpGet()
                        .withPath("/status")
                        .withNewPort("agent")
                        .endHttpGet()
                        .withPeriodSeconds(2)
                        // lenient: a runner busy loading may answer late; a flapping Ready would be a
                        // kubelet write and an operator event each time, times the runners
                        .withTimeoutSeconds(3)
                        .withFailureThreshold(5)
                        .endReadinessProbe()
                        .build())
                .endSpec()
                .build();
    }

    /**
     * The LoadTest the runner runs: as written, with config-map data files pointing at their mount.
     * Secret values are not in it: they reach the runner as environment variables set by the kubelet.
     */
    private static Map<String, String> annotations(LoadTestResource lt, Runners r) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (r.annotations != null) {
            annotations.putAll(r.annotations);
        }
        if (lt.getMetadata().getGeneration() != null) {
            annotations.put(
                    GENERATION_ANNOTATION, String.valueOf(lt.getMetadata().getGeneration()));
        }
        annotations.put(ENV_LITERAL_ANNOTATION, "true");
        return annotations;
    }

    /** The generation a runner pod was made from; empty for pods made before the annotation existed. */
    public static java.util.Optional<Long> generation(Pod p) {
        var a = p.getMetadata().getAnnotations();
        String g = a == null ? null : a.get(GENERATION_ANNOTATION);
        return g == null ? java.util.Optional.empty() : java.util.Optional.of(Long.parseLong(g));
    }

    static String runnerDocument(LoadTestResource lt) {
        LoadTest doc = lt.asLoadTest();
        LoadTest copy = JSON.convertValue(JSON.valueToTree(doc), LoadTest.class);
        if (copy.spec.data != null) {
            for (DataFile d : copy.spec.data) {
                if (d.configMapKeyRef != null) {
                    d.file = DATA_DIR + "/" + d.name + "/data.csv";
                    d.configMapKeyRef = null;
                }
            }
        }
        copy.spec.runners = null; // pod placement is the operator's business, not the runner's
        copy.spec.cleanup = null;
        try {
            return JSON.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the LoadTest for its runners", e);
        }
    }

    /**
     * An env value the kubelet hands to the container as written. It reads {@code $(VAR)} in a
     * value as a reference to another variable and {@code $$} as {@code $}: the spec's JSON (a
     * {@code $${literal}} escape, a body with {@code $(...)}) and {@code spec.env} values reached
     * the runner changed. Doubling every {@code $} is undone exactly by the kubelet.
     */
    public static String kubeletLiteral(String value) {
        return value.replace("$", "$$");
    }

    /**
     * What a runner pod's env value stands for (what the container sees): unescaped on pods that
     * say they were written kubelet-literal, as written on pods made before (by an older operator).
     */
    public static String envValueSeen(Pod pod, String envValue) {
        var a = pod.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(ENV_LITERAL_ANNOTATION)) ? fromKubeletLiteral(envValue) : envValue;
    }

    /** The value a {@link #kubeletLiteral} env value stands for (what the container sees). */
    public static String fromKubeletLiteral(String envValue) {
        return envValue.replace("$$", "$");
    }

    private static void addEnv(List<io.fabric8.kubernetes.api.model.EnvVar> into, List<EnvVar> vars, boolean literal) {
        if (vars == null) {
            return;
        }
        for (EnvVar v : vars) {
            EnvVarBuilder b = new EnvVarBuilder().withName(v.name);
            if (v.value != null) {
                // spec.env is the LoadTest's, read as `loadtest run` reads it: literally
                b.withValue(literal ? kubeletLiteral(v.value) : v.value);
            } else if (v.valueFrom != null && v.valueFrom.secretKeyRef != null) {
                b.withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(v.valueFrom.secretKeyRef.name)
                        .withKey(v.valueFrom.secretKeyRef.key)
                        .endSecretKeyRef()
                        .endValueFrom();
            } else if (v.valueFrom != null && v.valueFrom.configMapKeyRef != null) {
                b.withNewValueFrom()
                        .withNewConfigMapKeyRef()
                        .withName(v.valueFrom.configMapKeyRef.name)
                        .withKey(v.valueFrom.configMapKeyRef.key)
                        .endConfigMapKeyRef()
                        .endValueFrom();
            }
            into.add(b.build());
        }
    }

    /**
     * What the Pod Security Standards' "restricted" level asks of a pod, so runners start in
     * namespaces that enforce it: seccomp's default profile and, with our image (it runs as user
     * 10001), a non-root user. An image of the user's own may run as root, which runAsNonRoot would
     * refuse to start, so it is asked only of ours.
     */
    static PodSecurityContext podSecurity(boolean ourImage) {
        PodSecurityContextBuilder b = new PodSecurityContextBuilder()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile();
        if (ourImage) {
            b.withRunAsNonRoot(true);
        }
        return b.build();
    }

    /** The runner needs no privilege: it opens sockets and listens above port 1024. */
    static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build();
    }

    static ResourceRequirements defaultResources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build();
    }

    /**
     * Runners of one test on as many nodes as can take them (skew 1 across nodes), but scheduled
     * anyway where they cannot: a topology spread constraint, which the scheduler evaluates far
     * more cheaply at hundreds of pods than the inter-pod anti-affinity Kubernetes warns about.
     */
    static TopologySpreadConstraint spreadAcrossNodes(String test) {
        return new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector()
                .addToMatchLabels(TEST_LABEL, test)
                .endLabelSelector()
                .build();
    }
}
