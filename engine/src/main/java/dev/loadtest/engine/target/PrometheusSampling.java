package dev.loadtest.engine.target;

import dev.loadtest.api.model.Prometheus;
import dev.loadtest.api.model.PrometheusQuery;
import dev.loadtest.api.units.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One sample of every named query of spec.target.prometheus into a run's observations, unless the
 * spec's interval has not passed since the last one. The operator and {@code loadtest run} both use
 * it; they differ only in where credentials come from.
 */
public final class PrometheusSampling {
    private PrometheusSampling() {}

    /** @return the problems met, e.g. "prometheus.cacheHitRate: Prometheus at ... did not answer" */
    public static List<String> sample(
            Prometheus prom, Map<String, String> headers, TargetObservations o, long nowEpochMs) {
        List<String> problems = new ArrayList<>();
        if (prom == null || prom.queries == null) {
            return problems;
        }
        long t = nowEpochMs - o.startEpochMs;
        long interval =
                prom.interval == null ? 0 : Durations.parse(prom.interval).toMillis();
        PrometheusClient client = new PrometheusClient(prom.url, headers);
        Map<PrometheusQuery, Future<PrometheusClient.Answer>> asked = new LinkedHashMap<>();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PrometheusQuery q : prom.queries) {
                List<TargetObservations.Point> points = o.prometheus.computeIfAbsent(q.name, n -> new ArrayList<>());
                if (points.isEmpty() || t - points.get(points.size() - 1).t() >= interval) {
                    asked.put(q, parallel.submit(() -> client.query(q.query))); // a slow query delays no other
                }
            }
        }
        asked.forEach((q, answer) -> {
            PrometheusClient.Answer a;
            try {
                a = answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                a = new PrometheusClient.Answer(null, String.valueOf(e.getCause()));
            }
            if (a.value() != null) {
                o.prometheus.get(q.name).add(new TargetObservations.Point(t, a.value()));
            } else {
                problems.add("prometheus." + q.name + ": " + a.problem());
            }
        });
        return problems;
    }
}
