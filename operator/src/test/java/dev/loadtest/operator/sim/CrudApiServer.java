package dev.loadtest.operator.sim;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/** The Fabric8 mock API server in CRUD mode (objects stored, listed and watched), over plain HTTP. */
public final class CrudApiServer {
    private CrudApiServer() {}

    /** Started ({@code init}); the caller destroys it. */
    public static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        return server;
    }
}
