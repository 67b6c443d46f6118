package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.Target;
import dev.loadtest.api.status.AbortRuleStatus;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetEvent;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSummary;
import dev.loadtest.engine.threshold.AbortRules;
import dev.loadtest.engine.threshold.RecentWindow;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.status.StatusBuilder;
import dev.loadtest.operator.target.PrometheusSampler;
import dev.loadtest.operator.target.TargetStore;
import dev.loadtest.operator.target.TargetWatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watching during a run: the target (HPA, pods, metrics, Prometheus) at each look, its summary in
 * status, and the abort rules. What must survive a restart is in the API server: observations in the
 * NAME-target ConfigMap, abort rules' holding-since times in status. The recent looks' totals
 * (for "recent" rates, {@link RecentWindow}) live in memory only: after a restart the first looks
 * (about 3 s) go without them.
 */
@ApplicationScoped
public class RunWatch {
    private final KubernetesClient client;
    private final TargetWatcher watcher;
    private final PrometheusSampler prometheus;
    private final Events events;
    private final Map<String, Recent> recentTotals = new ConcurrentHashMap<>();

    /** A run's recent looks' totals (abort rules judge the span since one of them), and the last look's time. */
    private record Recent(RecentWindow window, long atEpochMs) {}

    /** A run not looked at for this long was deleted mid-run: its memory is freed. */
    static final long FORGET_AFTER_MS = 10 * 60_000;

    public RunWatch(KubernetesClient client, TargetWatcher watcher, PrometheusSampler prometheus, Events events) {
        this.client = client;
        this.watcher = watcher;
        this.prometheus = prometheus;
        this.events = events;
    }

    static boolean watchesTarget(LoadTestSpec spec) {
        Target t = spec.target;
        return t != null && (t.workload != null || t.prometheus != null);
    }

    /** Before the load starts: restart counts and past terminations are the baseline, not the run's. */
    void begin(LoadTestResource lt, LoadTestSpec spec, LoadTestStatus status, long startEpochMs) {
        if (!watchesTarget(spec)) {
            return;
        }
        TargetObservations o = new TargetObservations();
        o.startEpochMs = startEpochMs;
        List<String> problems = new ArrayList<>(watcher.baseline(spec.target.workload, ns(lt), o));
        if (problems.isEmpty()) { // the target before the load (a sample at a negative time): scaling is seen
            problems.addAll(watcher.observe(spec.target.workload, ns(lt), o, System.currentTimeMillis()));
        }
        try {
            TargetStore.save(client, lt, o);
        } catch (RuntimeException e) { // e.g. a ConfigMap quota: the run must not wait on it
            problems.add("the observations could not be stored in ConfigMap " + TargetStore.configMapName(name(lt))
                    + ": " + e.getMessage());
        }
        observed(lt, status, problems);
    }

    /**
     * One look during the run: observe the target, summarise it, judge the abort rules on the live
     * totals. Returns the rule that fired, or null.
     */
    AbortRules.Holding look(LoadTestResource lt, LoadTestSpec spec, LoadTestStatus status, RunSnapshot totals) {
        long now = System.currentTimeMillis();
        TargetObservations o = null;
        if (watchesTarget(spec)) {
            o = observe(lt, spec, status, now);
        }
        if (spec.abort == null || spec.abort.isEmpty()) {
            return null;
        }
        Map<String, AbortRules.Holding> holding = new LinkedHashMap<>();
        if (status.abortRules != null) {
            for (AbortRuleStatus a : status.abortRules) {
                holding.put(
                        a.rule,
                        new AbortRules.Holding(
                                a.rule, Instant.parse(a.holdingSince).toEpochMilli(), a.measured));
            }
        }
        Recent recent = totals == null
                ? null
                : recentTotals.compute(
                        lt.getMetadata().getUid(),
                        (uid, r) -> new Recent(r == null ? new RecentWindow() : r.window(), now));
        RunSnapshot before = recent == null ? null : recent.window().before(totals);
        recentTotals.values().removeIf(p -> now - p.atEpochMs() > FORGET_AFTER_MS);
        TargetStore.forgetOlderThan(now - FORGET_AFTER_MS);
        AbortRules.Holding fired = AbortRules.check(spec.abort, before, totals, o, now, holding);
        List<AbortRuleStatus> list = new ArrayList<>();
        holding.values()
                .forEach(h -> list.add(new AbortRuleStatus(
                        h.rule(), Instant.ofEpochMilli(h.sinceEpochMs()).toString(), h.measured())));
        status.abortRules = list.isEmpty() ? null : list;
        return fired;
    }

    /**
     * After the run: one last look, the summary, and the observations to judge thresholds by. The
     * last look is taken once: a finish whose verdict write was lost (the operator died) finds it
     * stored, a sample after the load's end, and judges by the same observations again rather than
     * adding a later one ("last" and "avg" thresholds would move).
     */
    TargetObservations end(
            LoadTestResource lt, LoadTestSpec spec, LoadTestStatus status, long loadEndEpochMs, Duration pollInterval) {
        recentTotals.remove(lt.getMetadata().getUid());
        if (!watchesTarget(spec)) {
            return null;
        }
        TargetObservations o =
                observe(lt, spec, status, System.currentTimeMillis(), loadEndEpochMs, lateEndMs(pollInterval));
        TargetStore.forget(lt);
        return o;
    }

    /**
     * A last look this long after the load's end is not the run's (the operator was away: restarted,
     * rescheduled): the target has scaled down and cooled off since. Normally it comes within a look
     * interval and the final pull, a few seconds: 30 s, or two look intervals where those are longer.
     */
    static long lateEndMs(Duration pollInterval) {
        return Math.max(30_000, 2 * pollInterval.toMillis());
    }

    /** What was observed so far, without a new look (a run ending in error). */
    TargetObservations sofar(LoadTestResource lt, LoadTestSpec spec) {
        recentTotals.remove(lt.getMetadata().getUid());
        if (!watchesTarget(spec)) {
            return null;
        }
        try {
            return TargetStore.load(client, lt).orElse(null);
        } catch (RuntimeException e) { // unreadable: the run still ends, judged without them
            return null;
        } finally {
            TargetStore.forget(lt);
        }
    }

    private TargetObservations observe(LoadTestResource lt, LoadTestSpec spec, LoadTestStatus status, long now) {
        return observe(lt, spec, status, now, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** A look, unless the stored observations already have a sample taken at or after {@code unlessSampledSince}. */
    private TargetObservations observe(
            LoadTestResource lt,
            LoadTestSpec spec,
            LoadTestStatus status,
            long now,
            long unlessSampledSince,
            long lateAfterMs) {
        List<String> problems = new ArrayList<>();
        TargetObservations o;
        try {
            o = TargetStore.load(client, lt).orElse(null);
        } catch (KubernetesClientException e) {
            // the API server did not answer (a blip): starting over here would drop the run's history
            // (its OOM kills, restarts, peaks) and store that over it, and a "count == 0" would pass
            if (unlessSampledSince != Long.MAX_VALUE) {
                throw e; // the end look: the verdict waits for them, the finish is tried again
            }
            problems.add("the stored observations could not be read, this look is skipped: " + e.getMessage());
            observed(lt, status, problems);
            return null;
        } catch (RuntimeException e) { // unreadable (corrupt): start again
            problems.add("the stored observations could not be read: " + e.getMessage());
            o = null;
        }
        if (o == null) { // the stored observations are gone: start again, counting from now
            o = new TargetObservations();
            o.startEpochMs = status.startTime == null
                    ? now
                    : Instant.parse(status.startTime).toEpochMilli();
            problems.addAll(watcher.baseline(spec.target.workload, ns(lt), o));
        }
        // (the check walks every stored sample: only the end look, which has a bound, makes it)
        boolean late = unlessSampledSince != Long.MAX_VALUE && now - unlessSampledSince > lateAfterMs;
        if (late && !sampledSince(o, unlessSampledSince)) {
            int seen = o.events.size();
            problems.addAll(watcher.observeLate(spec.target.workload, ns(lt), o, unlessSampledSince));
            announce(lt, o.events, seen);
            o.notes.add("the last look at the target came more than " + lateAfterMs / 1000
                    + " s after the load ended (the operator was away): it took no sample, and counted only"
                    + " the terminations and restarts that finished before the end");
            save(lt, o, problems);
        } else if (unlessSampledSince == Long.MAX_VALUE || !sampledSince(o, unlessSampledSince)) {
            int seen = o.events.size();
            problems.addAll(watcher.observe(spec.target.workload, ns(lt), o, now));
            announce(lt, o.events, seen);
            problems.addAll(prometheus.sample(spec.target.prometheus, ns(lt), o, now));
            o.bound();
            save(lt, o, problems);
        }
        status.target = TargetSummary.of(o);
        if (status.results == null) {
            status.results = new dev.loadtest.api.status.ResultsRef();
        }
        status.results.targetConfigMap =
                TargetStore.configMapName(lt.getMetadata().getName());
        observed(lt, status, problems);
        return o;
    }

    private void save(LoadTestResource lt, TargetObservations o, List<String> problems) {
        try {
            TargetStore.save(client, lt, o);
        } catch (RuntimeException e) {
            problems.add("could not store the target's observations in ConfigMap "
                    + TargetStore.configMapName(lt.getMetadata().getName()) + ": " + e.getMessage());
        }
    }

    static boolean sampledSince(TargetObservations o, long epochMs) {
        long since = epochMs - o.startEpochMs; // sample times count from the run's start
        return o.samples.stream().anyMatch(s -> s.t >= since)
                || o.prometheus.values().stream().flatMap(List::stream).anyMatch(p -> p.t() >= since);
    }

    /** Target events announced as Kubernetes Events at most, per run; the rest are counted in target.json. */
    static final int ANNOUNCED_AT_MOST = 100;

    /**
     * What happened to the target since event {@code seen}, as Events on the LoadTest: kubectl
     * describe shows it next to the run. A crash-looping target of many pods would otherwise write
     * Events without end: past {@link #ANNOUNCED_AT_MOST}, one says that the rest are only counted.
     */
    private void announce(LoadTestResource lt, List<TargetEvent> happened, int seen) {
        // (seen == the cap: the cap's events were announced, and no later one yet)
        if (seen <= ANNOUNCED_AT_MOST && happened.size() > ANNOUNCED_AT_MOST) {
            events.warning(
                    lt,
                    "TargetEventsNotAnnounced",
                    "more than " + ANNOUNCED_AT_MOST + " target events: the rest are counted in the status and"
                            + " kept in the observations (ConfigMap " + TargetStore.configMapName(name(lt))
                            + "), not announced");
        }
        for (TargetEvent e :
                happened.subList(Math.min(seen, ANNOUNCED_AT_MOST), Math.min(happened.size(), ANNOUNCED_AT_MOST))) {
            String message = e.object() + (e.detail() == null ? "" : ": " + e.detail());
            if (e.type().startsWith("Scaled")) {
                events.normal(lt, "Target" + e.type(), message);
            } else {
                events.warning(lt, "Target" + e.type(), message);
            }
        }
    }

    /** TargetObserved: True, or False naming every source that could not be read (an Event when it turns False). */
    private void observed(LoadTestResource lt, LoadTestStatus status, List<String> problems) {
        boolean wasFalse = status.conditions.stream()
                .anyMatch(c -> c.type.equals(Condition.TARGET_OBSERVED) && "False".equals(c.status));
        if (problems.isEmpty()) {
            StatusBuilder.condition(
                    status,
                    Condition.TARGET_OBSERVED,
                    true,
                    "Observed",
                    "every target source answered",
                    status.observedGeneration);
            return;
        }
        String message = String.join("; ", problems);
        String reason = message.startsWith("forbidden") ? "Forbidden" : "SourceUnavailable";
        StatusBuilder.condition(status, Condition.TARGET_OBSERVED, false, reason, message, status.observedGeneration);
        if (!wasFalse) {
            events.warning(lt, "TargetNotObserved", message);
        }
    }

    private static String ns(LoadTestResource lt) {
        return lt.getMetadata().getNamespace();
    }

    private static String name(LoadTestResource lt) {
        return lt.getMetadata().getName();
    }
}
