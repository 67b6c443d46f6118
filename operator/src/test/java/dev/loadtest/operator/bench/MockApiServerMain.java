package dev.loadtest.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standalone Kubernetes API (the Fabric8 mock server in CRUD mode) with the LoadTest CRD
 * installed, for measuring the real operator jar's start-up and idle memory (bench/operator.sh).
 * Writes a kubeconfig to the path given and serves until killed.
 */
public final class MockApiServerMain {
    public static void main(String[] args) throws Exception {
        KubernetesMockServer server = dev.loadtest.operator.sim.CrudApiServer.start();
        KubernetesClient client = server.createClient();
        try (var in = Files.newInputStream(Path.of(args[1]))) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        client.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .endMetadata()
                        .build())
                .create();
        Files.writeString(
                Path.of(args[0]), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: mock, context: {cluster: mock, namespace: default, user: u}}]
                current-context: mock
                users: [{name: u, user: {token: t}}]
                """.formatted(client.getConfiguration().getMasterUrl()));
        System.out.println("mock API server at " + client.getConfiguration().getMasterUrl());
        Thread.currentThread().join();
    }
}
