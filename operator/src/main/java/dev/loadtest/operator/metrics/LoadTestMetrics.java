package dev.loadtest.operator.metrics;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-LoadTest gauges (users, req/s, p95, error rate; for a watched target its peak replicas, peak
 * CPU, restarts and OOM kills), request and failure counters, and a runs counter by verdict on /q/metrics, so Grafana can draw a
 * load-testing overview from the operator alone. A deleted LoadTest's gauges go with it ({@link
 * #forget}); each run is counted once, when its terminal status has been written ({@link #runEnded}).
 */
@ApplicationScoped
public class LoadTestMetrics {
    private final MeterRegistry registry;
    private final Map<String, Figures> live = new ConcurrentHashMap<>();
    /** Runs (uid/generation: an Invalid LoadTest fixed later runs again) already counted in loadtest_runs_total. */
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    /**
     * namespace/name of LoadTests deleted in the last minutes, and when: a reconcile still in flight
     * must not bring their gauges back.
     */
    private final Map<String, Long> deleted = new ConcurrentHashMap<>();

    private static final long DELETED_KEPT_MS = 10 * 60_000;

    public LoadTestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every verdict's series from the start at 0, so increase() sees the first run of each
        // after an operator restart (a series that appears at 1 counts as no increase)
        for (Phase phase : Phase.values()) {
            if (phase.terminal()) {
                registry.counter("loadtest_runs_total", "verdict", phase.name());
            }
        }
    }

    /** Latest figures of a running test. */
    public void update(String namespace, String name, LoadTestStatus status) {
        if (deleted.containsKey(namespace + "/" + name)) {
            return;
        }
        // filled before its meters are registered: a scrape in between would read the counters at
        // 0 (after an operator restart mid-run), and Prometheus takes a drop for a counter reset
        Figures f = live.computeIfAbsent(
                namespace + "/" + name, k -> register(namespace, name, fill(new Figures(), status)));
        fill(f, status);
        if (status.target != null) {
            f.peakReplicas = status.target.peakReplicas == null ? Double.NaN : status.target.peakReplicas;
            f.peakCpu = status.target.peakCpuPercent == null ? Double.NaN : status.target.peakCpuPercent / 100.0;
            f.restarts = status.target.restarts == null ? Double.NaN : status.target.restarts; // pods not watched
            f.oomKills = status.target.oomKilled == null ? Double.NaN : status.target.oomKilled;
            if (!f.targetRegistered) {
                registerTarget(namespace, name, f);
            }
        }
    }

    /**
     * A run step ended the run with this phase: its users drop to 0. Not counted here: the step may be
     * retried if its status write fails; {@link #runEnded} counts the run once the status is written.
     */
    public void finished(String namespace, String name, String phase) {
        Figures f = live.get(namespace + "/" + name);
        if (f != null) {
            f.users = 0;
        }
    }

    /**
     * The terminal status (Passed, Failed, Aborted, Error, Invalid) of this run (a LoadTest's uid and
     * the generation it was admitted with) was written: counted in loadtest_runs_total, once per run
     * however often it is reported.
     */
    public void runEnded(String run, String phase) {
        if (counted.add(run)) {
            registry.counter("loadtest_runs_total", "verdict", phase).increment();
        }
    }

    /** A LoadTest (maybe of a deleted one's name) exists: its figures may be shown. */
    public void created(String namespace, String name) {
        deleted.remove(namespace + "/" + name);
    }

    /** The LoadTest was deleted: its series leave /q/metrics (the runs counter keeps its count). */
    public void forget(String namespace, String name, String uid) {
        long now = System.currentTimeMillis();
        deleted.values().removeIf(at -> now - at > DELETED_KEPT_MS);
        deleted.put(namespace + "/" + name, now);
        Figures f = live.remove(namespace + "/" + name);
        if (f != null) {
            synchronized (f) {
                f.meters.forEach(registry::remove);
                f.meters.clear();
            }
        }
        counted.removeIf(run -> run.equals(uid) || run.startsWith(uid + "/"));
    }

    private static Figures fill(Figures f, LoadTestStatus status) {
        f.users = status.users == null ? 0 : status.users.current;
        if (status.summary != null) {
            f.rps = status.summary.requestsPerSecond;
            f.p95 = status.summary.p95 == null ? Double.NaN : status.summary.p95 / 1000.0;
            f.errorRate = status.summary.errorPercent / 100.0;
            // counters: an Error run's stored (partial) figures may lack a lost runner's requests
            // that live looks already counted; they were sent all the same
            f.requests = Math.max(f.requests, status.summary.requests);
            f.failures = Math.max(f.failures, status.summary.failures);
        }
        return f;
    }

    private Figures register(String namespace, String name, Figures f) {
        Tags tags = Tags.of("namespace", namespace, "name", name);
        gauge("loadtest_users", f, x -> x.users, "Active virtual users", tags);
        gauge("loadtest_requests_per_second", f, x -> x.rps, "Requests per second", tags);
        gauge("loadtest_p95_seconds", f, x -> x.p95, "95th percentile latency", tags);
        gauge("loadtest_error_ratio", f, x -> x.errorRate, "Failed requests / requests", tags);
        // counters too, so rate() and increase() give the load now and over any window: the gauges
        // above are the run's figures so far, and a run's average hides its ramp and its dips
        counter("loadtest_requests", f, x -> x.requests, "Requests sent so far, merged across runners", tags);
        counter("loadtest_request_failures", f, x -> x.failures, "Failed requests so far", tags);
        return f;
    }

    /** The target's gauges, only for LoadTests that watch one (no empty series for the others). */
    private void registerTarget(String namespace, String name, Figures f) {
        synchronized (f) {
            if (f.targetRegistered || live.get(namespace + "/" + name) != f) {
                return; // registered already, or forgotten meanwhile
            }
            registerTargetGauges(f, Tags.of("namespace", namespace, "name", name));
        }
    }

    private void registerTargetGauges(Figures f, Tags tags) {
        f.targetRegistered = true;
        gauge(
                "loadtest_target_peak_replicas",
                f,
                x -> x.peakReplicas,
                "Most replicas of the target so far (its HPA's current replicas, else ready pods)",
                tags);
        gauge(
                "loadtest_target_peak_cpu_ratio",
                f,
                x -> x.peakCpu,
                "Highest CPU of the target's pods so far, over their CPU requests",
                tags);
        gauge(
                "loadtest_target_restarts",
                f,
                x -> x.restarts,
                "Container restarts of the target's pods during the run",
                tags);
        gauge("loadtest_target_oom_kills", f, x -> x.oomKills, "Target containers OOM-killed during the run", tags);
    }

    private void gauge(
            String name, Figures f, java.util.function.ToDoubleFunction<Figures> value, String description, Tags tags) {
        f.meters.add(Gauge.builder(name, f, value)
                .tags(tags)
                .description(description)
                .register(registry));
    }

    private void counter(
            String name, Figures f, java.util.function.ToDoubleFunction<Figures> value, String description, Tags tags) {
        f.meters.add(FunctionCounter.builder(name, f, value)
                .tags(tags)
                .description(description)
                .register(registry));
    }

    static final class Figures {
        final List<Meter> meters = new CopyOnWriteArrayList<>();
        volatile boolean targetRegistered;
        volatile double peakReplicas = Double.NaN;
        volatile double peakCpu = Double.NaN;
        volatile double restarts = Double.NaN;
        volatile double oomKills = Double.NaN;
        volatile double users;
        volatile double rps;
        volatile double p95 = Double.NaN;
        volatile double errorRate;
        volatile double requests;
        volatile double failures;
    }
}
