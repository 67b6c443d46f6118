package dev.loadtest.operator.sim;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.agent.RunnerAgent;
import dev.loadtest.engine.run.KubeletEnv;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunnerShare;
import dev.loadtest.operator.dependent.RunnerPods;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet for the runner pods the operator creates on the Fabric8 mock server: for each
 * pod it runs the real runner agent in-process, with the pod's environment (secrets resolved),
 * against a real loopback target, and moves the pod through its phases. A test can withhold a
 * runner (unschedulable), kill one (OOMKilled) or evict one mid-run.
 */
public final class SimulatedCluster implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> informer;
    private final ExecutorService kubelet = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, RunnerAgent> agents = new ConcurrentHashMap<>();
    private final Map<Integer, String> withheld = new ConcurrentHashMap<>();

    public SimulatedCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.informer = client.pods()
                .inNamespace(namespace)
                .withLabel(RunnerPods.MANAGED_BY, RunnerPods.OPERATOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        kubelet.submit(() -> schedule(pod));
                    }

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {}

                    @Override
                    public void onDelete(Pod pod, boolean unknown) {
                        RunnerAgent a = agents.remove(pod.getMetadata().getName());
                        if (a != null) {
                            a.close();
                        }
                    }
                });
    }

    /** Runner {@code index} is never scheduled; its pod says why, as the scheduler would. */
    public SimulatedCluster withhold(int index, String schedulerMessage) {
        withheld.put(index, schedulerMessage);
        return this;
    }

    public int runningAgents() {
        return agents.size();
    }

    /** Ends runner pod {@code podName}'s agent, as its container dying would; returns the pod as stored. */
    private Pod endAgent(String podName) {
        RunnerAgent a = agents.remove(podName);
        if (a != null) {
            a.close();
        }
        return client.pods().inNamespace(namespaceOf(podName)).withName(podName).get();
    }

    /** Kills runner {@code index} the way the kubelet reports an OOM kill. */
    public void kill(String podName, String reason, int exitCode) {
        Pod pod = endAgent(podName);
        setStatus(
                pod,
                new PodStatusBuilder(pod.getStatus())
                        .withPhase("Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("runner")
                                .withReady(false)
                                .withNewState()
                                .withNewTerminated()
                                .withReason(reason)
                                .withExitCode(exitCode)
                                .endTerminated()
                                .endState()
                                .build())
                        .build());
    }

    /**
     * Evicts runner pod {@code podName} the way the kubelet does under node pressure: its containers
     * are killed and the pod fails with reason Evicted and the kubelet's message.
     */
    public void evict(String podName, String kubeletMessage) {
        Pod pod = endAgent(podName);
        setStatus(
                pod,
                new PodStatusBuilder(pod.getStatus())
                        .withPhase("Failed")
                        .withReason("Evicted")
                        .withMessage(kubeletMessage)
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("runner")
                                .withReady(false)
                                .withNewState()
                                .withNewTerminated()
                                .withReason("Error")
                                .withExitCode(137)
                                .endTerminated()
                                .endState()
                                .build())
                        .build());
    }

    private static final String KUBELET_HOLD = "simulated.loadtest.dev/kubelet";

    /**
     * Drains runner pod {@code podName} as {@code kubectl drain} (an API eviction) does: the pod is
     * marked for deletion, its runner gets SIGTERM (what the agent's hook runs,
     * {@link RunnerAgent#terminate}, here with a 10 s hold) and the pod goes once it has exited.
     */
    public void drain(String podName) {
        String ns = namespaceOf(podName);
        Pod pod = client.pods().inNamespace(ns).withName(podName).get();
        // the mock server removes an object marked for deletion at once unless a finalizer holds
        // it: this one stands for the kubelet that has not yet seen the container exit
        pod.getMetadata().getFinalizers().add(KUBELET_HOLD);
        client.pods().inNamespace(ns).resource(pod).update();
        pod = client.pods().inNamespace(ns).withName(podName).get();
        pod.getMetadata().setDeletionTimestamp(java.time.Instant.now().toString());
        pod.getMetadata().setDeletionGracePeriodSeconds(40L);
        client.pods().inNamespace(ns).resource(pod).update();
        RunnerAgent agent = agents.get(podName);
        kubelet.submit(() -> {
            try {
                agent.terminate(java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            agents.remove(podName);
            agent.close();
            client.pods().inNamespace(ns).withName(podName).edit(p -> {
                p.getMetadata().getFinalizers().remove(KUBELET_HOLD);
                return p;
            });
            client.pods().inNamespace(ns).withName(podName).delete();
        });
    }

    private String namespaceOf(String podName) {
        return informer.getStore().list().stream()
                .filter(p -> p.getMetadata().getName().equals(podName))
                .findFirst()
                .map(p -> p.getMetadata().getNamespace())
                .orElseThrow();
    }

    private void schedule(Pod pod) {
        try {
            int index = Integer.parseInt(pod.getMetadata().getLabels().get(RunnerPods.INDEX_LABEL));
            if (withheld.containsKey(index)) {
                setStatus(
                        pod,
                        new PodStatusBuilder()
                                .withPhase("Pending")
                                .withConditions(new PodConditionBuilder()
                                        .withType("PodScheduled")
                                        .withStatus("False")
                                        .withReason("Unschedulable")
                                        .withMessage(withheld.get(index))
                                        .build())
                                .build());
                return;
            }
            Map<String, String> env = environment(pod);
            LoadTest test = LoadTestParser.parse(
                    env.get("LOADTEST_SPEC"), pod.getMetadata().getName());
            RunnerShare share = new RunnerShare(index, Integer.parseInt(env.get("LOADTEST_RUNNER_COUNT")));
            RunnerAgent agent = new RunnerAgent(
                    test,
                    pod.getMetadata().getName(),
                    new RunOptions(null, env, 500).withShare(share),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            agents.put(pod.getMetadata().getName(), agent);
            Pod current = client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .get();
            current.getMetadata().getAnnotations().put(RunnerPods.AGENT_PORT_ANNOTATION, String.valueOf(agent.port()));
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .resource(current)
                    .update();
            setStatus(current, running());
            kubelet.submit(() -> completeOnShutdown(current, agent));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the simulated kubelet could not run " + pod.getMetadata().getName(), e);
        }
    }

    private void completeOnShutdown(Pod pod, RunnerAgent agent) {
        try {
            while (!agent.awaitShutdown(200, TimeUnit.MILLISECONDS)) {
                if (!agents.containsValue(agent)) {
                    return; // killed or deleted
                }
            }
            agents.remove(pod.getMetadata().getName());
            agent.close();
            Pod current = client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .get();
            if (current != null) {
                setStatus(
                        current,
                        new PodStatusBuilder(current.getStatus())
                                .withPhase("Succeeded")
                                .withContainerStatuses(new ContainerStatusBuilder()
                                        .withName("runner")
                                        .withNewState()
                                        .withNewTerminated()
                                        .withReason("Completed")
                                        .withExitCode(0)
                                        .endTerminated()
                                        .endState()
                                        .build())
                                .build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PodStatus running() {
        String now = Instant.now().toString();
        return new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .withConditions(
                        new PodConditionBuilder()
                                .withType("PodScheduled")
                                .withStatus("True")
                                .withLastTransitionTime(now)
                                .build(),
                        new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .withLastTransitionTime(now)
                                .build())
                .build();
    }

    private void setStatus(Pod pod, PodStatus status) {
        Pod current = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .get();
        if (current == null) {
            return;
        }
        current.setStatus(status);
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(current)
                .updateStatus();
    }

    /** The container's environment as the kubelet would set it: literal values and secret keys. */
    private Map<String, String> environment(Pod pod) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : pod.getSpec().getContainers().get(0).getEnv()) {
            if (e.getValue() != null) {
                // as the kubelet hands it over: $(VAR) references and $$ escapes expanded
                env.put(e.getName(), KubeletEnv.expand(e.getValue(), env));
            } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                Secret s = client.secrets()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(ref.getName())
                        .get();
                env.put(
                        e.getName(),
                        new String(Base64.getDecoder().decode(s.getData().get(ref.getKey())), StandardCharsets.UTF_8));
            }
        }
        return env;
    }

    @Override
    public void close() {
        informer.close();
        agents.values().forEach(RunnerAgent::close);
        agents.clear();
        kubelet.shutdownNow();
    }
}
