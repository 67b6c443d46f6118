package dev.loadtest.operator.sim;

import static org.awaitility.Awaitility.await;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Applies LoadTests to the mock API server and reads back what the operator made of them. */
public final class LoadTests {
    private final KubernetesClient client;
    private final String ns;

    public LoadTests(KubernetesClient client, String ns) {
        this.client = client;
        this.ns = ns;
    }

    /** "kubectl apply" of a spec written in YAML at column 0. */
    public LoadTestResource apply(String specYaml) {
        String name = "lt-" + UUID.randomUUID().toString().substring(0, 8);
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        lt.setSpec(LoadTestParser.parseAsWritten(
                        "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nspec:\n" + specYaml.indent(2), name)
                .spec);
        return client.resource(lt).create();
    }

    public LoadTestResource get(LoadTestResource lt) {
        return client.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName(lt.getMetadata().getName())
                .get();
    }

    public LoadTestStatus awaitPhase(LoadTestResource lt, Duration within, Phase... phases) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            LoadTestResource r = get(lt);
            return r != null && r.getStatus() != null && List.of(phases).contains(r.getStatus().phase);
        });
        return get(lt).getStatus();
    }

    public LoadTestStatus awaitEnd(LoadTestResource lt, Duration within) {
        return awaitPhase(lt, within, Phase.Passed, Phase.Failed, Phase.Aborted, Phase.Error, Phase.Invalid);
    }

    public static Optional<Condition> condition(LoadTestStatus s, String type) {
        return s.conditions.stream().filter(c -> c.type.equals(type)).findFirst();
    }

    public List<Event> events(LoadTestResource lt) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e ->
                        lt.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
