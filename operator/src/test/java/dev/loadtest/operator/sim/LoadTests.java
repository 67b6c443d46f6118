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
        return apply("lt-" + UUID.randomUUID().toString().substring(0, 8), specYaml);
    }

    /** "kubectl apply" of a spec written in YAML at column 0, under this name. */
    public LoadTestResource apply(String name, String specYaml) {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        lt.setSpec(LoadTestParser.parseAsWritten(
                        "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nspec:\n" + specYaml.indent(2), name)
                .spec);
        return client.resource(lt).create();
    }

    /** "kubectl apply" of a changed spec (written as for {@link #apply}) to an existing LoadTest. */
    public LoadTestResource edit(String name, String specYaml) {
        var spec = LoadTestParser.parseAsWritten(
                        "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nspec:\n" + specYaml.indent(2), name)
                .spec;
        return client.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName(name)
                .edit(r -> {
                    r.setSpec(spec);
                    return r;
                });
    }

    /** "kubectl annotate loadtest NAME loadtest.dev/stop=true". */
    public void stop(String name) {
        client.resources(LoadTestResource.class).inNamespace(ns).withName(name).edit(r -> {
            r.getMetadata().getAnnotations().put(LoadTestResource.STOP_ANNOTATION, "true");
            return r;
        });
    }

    /** The status now, or null when there is no such LoadTest or no status yet. */
    public LoadTestStatus status(String name) {
        LoadTestResource r = client.resources(LoadTestResource.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        return r == null ? null : r.getStatus();
    }

    /** Waits until the LoadTest is gone (deleted, e.g. by its TTL). */
    public void awaitGone(String name, Duration within) {
        // A deletion can race the framework's own timer: JOSDK's TimerEventSource throws "Task
        // already scheduled or cancelled" on its reconciler thread when the resource's timer was
        // cancelled by the deletion as the last reconcile re-schedules it (seen once in a full
        // build). That is the framework's, harmless, and not what this waits for.
        await().atMost(within)
                .dontCatchUncaughtExceptions()
                .until(() -> client.resources(LoadTestResource.class)
                                .inNamespace(ns)
                                .withName(name)
                                .get()
                        == null);
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
