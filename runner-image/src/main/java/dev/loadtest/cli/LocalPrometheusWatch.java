package dev.loadtest.cli;

import dev.loadtest.api.model.Prometheus;
import dev.loadtest.engine.target.PrometheusSampling;
import dev.loadtest.engine.target.TargetObservations;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * spec.target.prometheus on a laptop (e.g. through kubectl port-forward): the queries are sampled at
 * each progress tick like the operator does, so prometheus.* thresholds and abort rules are judged
 * here too. Credentials are Kubernetes secrets in a cluster; here they come from
 * LOADTEST_PROMETHEUS_TOKEN (bearer) or LOADTEST_PROMETHEUS_PASSWORD (basic auth).
 */
final class LocalPrometheusWatch {
    static final String TOKEN_ENV = "LOADTEST_PROMETHEUS_TOKEN";
    static final String PASSWORD_ENV = "LOADTEST_PROMETHEUS_PASSWORD";

    private final Prometheus prometheus;
    private final Map<String, String> headers;
    private final PrintWriter err;
    private final Set<String> said = new HashSet<>();
    private final TargetObservations observations = new TargetObservations();

    LocalPrometheusWatch(Prometheus prometheus, Map<String, String> env, PrintWriter err) {
        this.prometheus = prometheus;
        this.err = err;
        this.headers = prometheus == null ? Map.of() : headers(prometheus, env);
    }

    boolean active() {
        return prometheus != null;
    }

    /** A sample at this tick; the run's start is the clock's origin. */
    synchronized void tick(long runStartEpochMs) {
        if (!active()) {
            return;
        }
        if (observations.startEpochMs == 0) {
            observations.startEpochMs = runStartEpochMs;
        }
        report(PrometheusSampling.sample(prometheus, headers, observations, System.currentTimeMillis()));
    }

    /** What was observed, or null when nothing was watched. */
    synchronized TargetObservations observations() {
        return active() ? observations : null;
    }

    private void report(List<String> problems) {
        for (String p : problems) {
            if (said.add(p)) {
                err.println("  warning: " + p);
                err.flush();
            }
        }
    }

    private Map<String, String> headers(Prometheus p, Map<String, String> env) {
        if (p.bearerTokenSecret != null) {
            String token = env.get(TOKEN_ENV);
            if (token == null) {
                report(List.of(
                        "spec.target.prometheus.bearerTokenSecret is a Kubernetes secret; here set " + TOKEN_ENV));
                return Map.of();
            }
            return Map.of("Authorization", "Bearer " + token.trim());
        }
        if (p.basicAuth != null) {
            String password = env.get(PASSWORD_ENV);
            if (password == null) {
                report(List.of("spec.target.prometheus.basicAuth.passwordSecret is a Kubernetes secret; here set "
                        + PASSWORD_ENV));
                return Map.of();
            }
            String pair = p.basicAuth.username + ":" + password;
            return Map.of(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Map.of();
    }
}
