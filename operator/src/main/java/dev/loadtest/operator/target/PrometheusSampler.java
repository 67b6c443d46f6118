package dev.loadtest.operator.target;

import dev.loadtest.api.model.KeyRef;
import dev.loadtest.api.model.Prometheus;
import dev.loadtest.engine.target.PrometheusSampling;
import dev.loadtest.engine.target.TargetObservations;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Samples spec.target.prometheus's named queries into the run's observations. Credentials are read
 * from the LoadTest's namespace at each sample (a rotated secret is picked up) and never stored.
 */
@ApplicationScoped
public class PrometheusSampler {
    /** The label a secret needs before a LoadTest may use it as Prometheus credentials. */
    public static final String CREDENTIALS_LABEL = "loadtest.dev/prometheus-credentials";

    private final KubernetesClient client;

    public PrometheusSampler(KubernetesClient client) {
        this.client = client;
    }

    /** Takes one sample of every query, unless the spec's interval has not passed; returns the problems. */
    public List<String> sample(Prometheus prom, String namespace, TargetObservations o, long nowEpochMs) {
        if (prom == null || prom.queries == null) {
            return List.of();
        }
        try {
            return PrometheusSampling.sample(prom, headers(prom, namespace), o, nowEpochMs);
        } catch (RuntimeException e) { // a missing or unusable secret: said, never thrown at the run
            return List.of(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private Map<String, String> headers(Prometheus prom, String namespace) {
        if (prom.bearerTokenSecret != null) {
            return Map.of(
                    "Authorization",
                    "Bearer " + secret(prom.bearerTokenSecret, namespace).trim());
        }
        if (prom.basicAuth != null) {
            String pair = prom.basicAuth.username + ":" + secret(prom.basicAuth.passwordSecret, namespace);
            return Map.of(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Map.of();
    }

    private String secret(KeyRef ref, String namespace) {
        Secret s;
        try {
            s = client.secrets().inNamespace(namespace).withName(ref.name).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(TargetWatcher.failure(e, "get secrets", namespace));
        }
        if (s == null) {
            throw new IllegalStateException(
                    "secret " + namespace + "/" + ref.name + " (spec.target.prometheus credentials) not found");
        }
        // Opt-in: the operator sends this secret to the URL the spec names, so only a secret its owner
        // marked for that use is read; any other secret of the namespace stays out of reach.
        if (s.getMetadata().getLabels() == null
                || !"true".equals(s.getMetadata().getLabels().get(CREDENTIALS_LABEL))) {
            throw new IllegalStateException("secret " + namespace + "/" + ref.name + " is not labelled "
                    + CREDENTIALS_LABEL + "=true; label it to let LoadTests send it to Prometheus");
        }
        if (s.getData() != null && s.getData().containsKey(ref.key)) {
            return new String(Base64.getDecoder().decode(s.getData().get(ref.key)), StandardCharsets.UTF_8);
        }
        if (s.getStringData() != null && s.getStringData().containsKey(ref.key)) {
            return s.getStringData().get(ref.key);
        }
        throw new IllegalStateException("secret " + namespace + "/" + ref.name + " has no key " + ref.key);
    }
}
