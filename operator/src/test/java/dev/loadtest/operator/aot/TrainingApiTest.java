package dev.loadtest.operator.aot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TrainingApiTest {
    /** The operator's two informers, as it sets them up, start against it and watch. */
    @Test
    @Timeout(60) // an informer whose watch never opens waits for ever
    void theOperatorsInformersStartAndWatchAgainstIt() throws Exception {
        try (TrainingApi api = new TrainingApi(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl(api.url())
                                .withOauthToken("training")
                                .withNamespace("default")
                                .build())
                        .build()) {
            SharedIndexInformer<Pod> pods = client.pods()
                    .inAnyNamespace()
                    .withLabel(RunnerPods.MANAGED_BY, RunnerPods.OPERATOR)
                    .runnableInformer(0);
            SharedIndexInformer<LoadTestResource> tests =
                    client.resources(LoadTestResource.class).inAnyNamespace().runnableInformer(0);
            pods.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            tests.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(pods.hasSynced()).isTrue();
            assertThat(tests.hasSynced()).isTrue();
            assertThat(pods.getStore().list()).isEmpty();
            assertThat(tests.getStore().list()).isEmpty();
            // still watching a moment later: the watches stay open (a closed one would be retried)
            Thread.sleep(300);
            assertThat(pods.isWatching()).isTrue();
            assertThat(tests.isWatching()).isTrue();
        }
    }

    /** RFC 6455, section 1.3: the server's answer to the sample key. */
    @Test
    void acceptsAWebSocketAsRfc6455Says() {
        assertThat(TrainingApi.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void answersWhatItDoesNotKnowWithNotFoundAndWritesWithAnEmptyObject() throws Exception {
        try (TrainingApi api = new TrainingApi(0)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> get = http.send(
                    HttpRequest.newBuilder(URI.create(api.url() + "api/v1/namespaces/default/configmaps/x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create(api.url() + "api/v1/namespaces/default/events"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"Event\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("{}");
        }
    }

    /** The probes ask again until the answer is 200, as the kubelet does while the operator starts. */
    @Test
    void aProbeAsksUntilTheAnswerIs200() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/q/health/ready", exchange -> {
            int code = asked.incrementAndGet() < 3 ? 503 : 200;
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        health.start();
        try {
            URI ready = URI.create("http://127.0.0.1:" + health.getAddress().getPort() + "/q/health/ready");
            assertThat(TrainingApi.probe(ready, Duration.ofSeconds(10))).isTrue();
            assertThat(asked.get()).isEqualTo(3);
            URI nobody = URI.create("http://127.0.0.1:9/q/health/ready");
            assertThat(TrainingApi.probe(nobody, Duration.ofMillis(300))).isFalse();
        } finally {
            health.stop(0);
        }
    }
}
