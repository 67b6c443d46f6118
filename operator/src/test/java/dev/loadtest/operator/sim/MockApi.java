package dev.loadtest.operator.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A mock API server and a client of it for each test, started before it and closed after:
 * {@code @RegisterExtension final MockApi api = MockApi.crud();}. CRUD mode stores, lists and
 * watches objects; expectations mode answers what the test set, with a client that does not retry
 * server errors (the tests are about what the operator does with them).
 */
public final class MockApi implements BeforeEachCallback, AfterEachCallback {
    private final boolean crud;
    private KubernetesMockServer server;
    private KubernetesClient client;

    private MockApi(boolean crud) {
        this.crud = crud;
    }

    public static MockApi crud() {
        return new MockApi(true);
    }

    public static MockApi expectations() {
        return new MockApi(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = crud ? CrudApiServer.start() : ExpectationsApiServer.start();
        client = crud ? server.createClient() : ExpectationsApiServer.clientWithoutRetries(server);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
        server.destroy();
    }

    public KubernetesMockServer server() {
        return server;
    }

    public KubernetesClient client() {
        return client;
    }
}
