package dev.loadtest.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.serialization.DeferredModelDeserializers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The floor under the operator's idle memory (bench/operator.sh): what the JVM alone ({@code jvm})
 * and the Fabric8 client alone ({@code client}: its Vert.x HTTP client and Jackson, watching pods
 * and LoadTests as the operator does, with no Quarkus, operator SDK, HTTP server or metrics) take
 * once idle. Prints "ready" when the informers have synced, then idles until killed. The API
 * server's URL is the first argument after the mode.
 */
public final class ClientFloorMain {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("client")) {
            // as the operator's client: configured from the system properties first (the cluster CA,
            // the trust store), its mapper deferring the Pod model's deserializers
            ObjectMapper mapper = new ObjectMapper();
            new DeferredModelDeserializers().customize(mapper);
            KubernetesClient client = new KubernetesClientBuilder()
                    .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
                    .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(Config.autoConfigure(null))
                            .withMasterUrl(args[1])
                            .withOauthToken("t")
                            .withNamespace("default")
                            .build())
                    .build();
            SharedIndexInformer<Pod> pods = client.pods()
                    .inAnyNamespace()
                    .withLabel("app.kubernetes.io/managed-by", "loadtest-operator")
                    .inform(new Ignore<>());
            SharedIndexInformer<LoadTestResource> tests =
                    client.resources(LoadTestResource.class).inAnyNamespace().inform(new Ignore<>());
            pods.start().toCompletableFuture().get();
            tests.start().toCompletableFuture().get();
        }
        System.out.println("ready");
        Thread.currentThread().join();
    }

    private static final class Ignore<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {}

        @Override
        public void onUpdate(T oldObj, T newObj) {}

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    }
}
