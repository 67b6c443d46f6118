package dev.loadtest.operator.events;

import dev.loadtest.operator.crd.LoadTestResource;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Kubernetes Events on a LoadTest: every transition (Normal) and failure (Warning) shows in kubectl describe. */
@ApplicationScoped
public class Events {
    private static final Logger LOG = Logger.getLogger(Events.class);
    private final KubernetesClient client;

    public Events(KubernetesClient client) {
        this.client = client;
    }

    public void normal(LoadTestResource lt, String reason, String message) {
        emit(lt, "Normal", reason, message);
    }

    public void warning(LoadTestResource lt, String reason, String message) {
        emit(lt, "Warning", reason, message);
    }

    private void emit(LoadTestResource lt, String type, String reason, String message) {
        String now = Instant.now().toString();
        try {
            client.v1()
                    .events()
                    .inNamespace(lt.getMetadata().getNamespace())
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withGenerateName(lt.getMetadata().getName() + ".")
                            .withNamespace(lt.getMetadata().getNamespace())
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withApiVersion(lt.getApiVersion())
                            .withKind(lt.getKind())
                            .withName(lt.getMetadata().getName())
                            .withNamespace(lt.getMetadata().getNamespace())
                            .withUid(lt.getMetadata().getUid())
                            .endInvolvedObject()
                            .withType(type)
                            .withReason(reason)
                            .withMessage(message.length() > 1000 ? message.substring(0, 1000) + "…" : message)
                            .withFirstTimestamp(now)
                            .withLastTimestamp(now)
                            .withCount(1)
                            .withNewSource("loadtest-operator", null)
                            .build())
                    .create();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not record event %s on %s: %s",
                    reason, lt.getMetadata().getName(), e.getMessage());
        }
    }
}
