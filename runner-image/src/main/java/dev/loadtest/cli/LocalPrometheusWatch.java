package dev.loadtest.cli;

import dev.loadtest.api.model.Prometheus;
import dev.loadtest.api.units.Durations;
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
    private volatile Thread sampler;

    LocalPrometheusWatch(Prometheus prometheus, Map<String, String> env, PrintWriter err) {
        this.prometheus = prometheus;
        this.err = err;
        this.headers = prometheus == null ? Map.of() : headers(prometheus, env);
    }

    boolean active() {
        return prometheus != null;
    }

    /**
     * Starts sampling on a thread of its own (a slow Prometheus must not hold up the run's interval
     * clock), every spec interval or 3 s; the run's start is the series' origin.
     */
    void start(long runStartEpochMs) {
        if (!active() || sampler != null) {
            return;
        }
        synchronized (this) {
            observations.startEpochMs = runStartEpochMs;
        }
        long every = prometheus.interval == null
                ? 3000
                : Durations.parse(prometheus.interval).toMillis();
        sampler = Thread.ofVirtual().name("prometheus-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampleNow();
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops sampling and takes a last sample: the series covers the whole run. */
    void finish(long runStartEpochMs) throws InterruptedException {
        if (!active()) {
            return;
        }
        if (sampler == null) { // a run shorter than one progress tick
            synchronized (this) {
                observations.startEpochMs = runStartEpochMs;
            }
        } else {
            sampler.interrupt();
            sampler.join();
        }
        sampleNow();
    }

    /** Queries outside the lock into a scratch series, then adds the values under it. */
    private void sampleNow() {
        TargetObservations scratch = new TargetObservations();
        synchronized (this) {
            scratch.startEpochMs = observations.startEpochMs;
        }
        List<String> problems = PrometheusSampling.sample(prometheus, headers, scratch, System.currentTimeMillis());
        synchronized (this) {
            scratch.prometheus.forEach((name, points) -> observations
                    .prometheus
                    .computeIfAbsent(name, n -> new java.util.ArrayList<>())
                    .addAll(points));
            report(problems);
        }
    }

    /** A copy of what was observed so far (safe to read while sampling goes on), or null when nothing is watched. */
    synchronized TargetObservations observations() {
        if (!active()) {
            return null;
        }
        TargetObservations copy = new TargetObservations();
        copy.startEpochMs = observations.startEpochMs;
        observations.prometheus.forEach((name, points) -> copy.prometheus.put(name, List.copyOf(points)));
        return copy;
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
