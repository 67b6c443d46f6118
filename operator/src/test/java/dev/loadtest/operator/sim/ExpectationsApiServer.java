package dev.loadtest.operator.sim;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** The mock API server in expectations mode (answers set by the test), and a client for it. */
public final class ExpectationsApiServer {
    private ExpectationsApiServer() {}

    public static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        return server;
    }

    /**
     * A client that does not retry server errors itself: the tests are about what the operator does
     * with the failure, and the client's retries would only delay it.
     */
    public static KubernetesClient clientWithoutRetries(KubernetesMockServer server) {
        try (KubernetesClient mock = server.createClient()) {
            return new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(mock.getConfiguration())
                            .withRequestRetryBackoffLimit(0)
                            .build())
                    .build();
        }
    }
}
