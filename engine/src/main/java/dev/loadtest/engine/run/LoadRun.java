package dev.loadtest.engine.run;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.load.ClosedShape;
import dev.loadtest.engine.load.LoadShape;
import dev.loadtest.engine.load.LoadShapes;
import dev.loadtest.engine.load.OpenShape;
import dev.loadtest.engine.scenario.CompiledScenario;
import dev.loadtest.engine.scenario.RunContext;
import dev.loadtest.engine.scenario.VirtualUser;
import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.IntervalStats;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one LoadTest in this process: compiles the scenario, drives the closed or open model, samples
 * statistics every interval, stops gracefully (in-flight requests finish and are counted), and
 * judges the thresholds. The CLI and the runner pods both use it.
 */
public final class LoadRun {
    private static final long DEFAULT_GRACEFUL_STOP_NANOS = 30_000_000_000L;

    private final LoadTest test;
    private final LoadShape shape;
    private final StatsCollector stats;
    private final CompiledScenario scenario;
    private final String targetUrl;
    private final long gracefulStopNanos;
    private final RunnerShare share;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopRequested;
    private volatile Thread controller;
    private long startNanos;

    /** Prepares a run; throws {@link InvalidLoadTestException} when env values, files or columns are missing. */
    public LoadRun(LoadTest effective, String source, RunOptions options) {
        this.test = effective;
        this.shape = LoadShapes.of(effective.spec.load);
        this.share = options.share() == null ? RunnerShare.WHOLE : options.share();
        RunInputs inputs = new RunInputs(effective.spec, options);
        if (!inputs.problems.isEmpty()) {
            throw new InvalidLoadTestException(source, inputs.problems);
        }
        long interval = options.intervalMs() > 0 ? options.intervalMs() : autoInterval(shape.totalNanos());
        String name = effective.metadata != null && effective.metadata.nameOrPrefix() != null
                ? effective.metadata.nameOrPrefix()
                : "loadtest";
        this.stats = new StatsCollector(name, interval);
        boolean insecure =
                effective.spec.target != null && Boolean.TRUE.equals(effective.spec.target.insecureSkipTlsVerify);
        this.targetUrl = inputs.targetUrl;
        this.scenario = CompiledScenario.compile(
                effective.spec, targetUrl, new RunContext(stats, inputs.env, inputs.data, insecure));
        String graceful = effective.spec.load.gracefulStop;
        this.gracefulStopNanos = graceful == null
                ? DEFAULT_GRACEFUL_STOP_NANOS
                : Durations.parse(graceful).toNanos();
    }

    /** The statistics interval a run of this (effective) spec uses when none is asked for. */
    public static long autoIntervalMs(LoadTestSpec effective) {
        return autoInterval(LoadShapes.of(effective.load).totalNanos());
    }

    /** 1 s intervals up to 30 min, 5 s up to 2 h, then 10 s: bounded results for long runs. */
    static long autoInterval(long totalNanos) {
        long minutes = totalNanos / 60_000_000_000L;
        return minutes <= 30 ? 1000 : minutes <= 120 ? 5000 : 10_000;
    }

    /** spec.target.url with its ${env.NAME} expanded: where relative paths are sent (null without one). */
    public String targetUrl() {
        return targetUrl;
    }

    public LoadShape shape() {
        return shape;
    }

    /** Everything measured so far (a copy), for a runner's live snapshot. */
    public RunSnapshot liveSnapshot() {
        return stats.snapshot();
    }

    public int activeUsers() {
        return running.get();
    }

    /** Ends the run early but gracefully (Ctrl-C): results so far are kept and judged. */
    public void stop() {
        stopRequested = true;
        Thread c = controller;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** Runs to the end (or until {@link #stop()}); {@code onProgress} is called once per interval. */
    public RunResult run(Consumer<Progress> onProgress) {
        controller = Thread.currentThread();
        startNanos = System.nanoTime();
        stats.start(System.currentTimeMillis(), running::get);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-sampler");
            t.setDaemon(true);
            return t;
        });
        long interval = stats.intervalMs();
        sampler.scheduleAtFixedRate(
                () -> {
                    IntervalStats closed = stats.sample(elapsedMs());
                    if (onProgress != null) {
                        onProgress.accept(progress(closed, interval));
                    }
                },
                interval,
                interval,
                TimeUnit.MILLISECONDS);
        try {
            if (shape instanceof ClosedShape closed) {
                runClosed(closed);
            } else {
                runOpen((OpenShape) shape);
            }
        } finally {
            sampler.shutdownNow();
            try {
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stats.sample(elapsedMs());
        RunSnapshot snapshot = stats.snapshot();
        return new RunResult(
                snapshot, ThresholdEvaluator.evaluate(test.spec.thresholds, snapshot), stopRequested, shape.describe());
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private Progress progress(IntervalStats interval, long intervalMs) {
        EndpointStats overall = stats.snapshotTotals();
        double p95 = overall.requests() == 0 ? Double.NaN : overall.latencies().getValueAtPercentile(95) / 1000.0;
        double errors = overall.requests() == 0 ? 0 : overall.failures() / (double) overall.requests();
        return new Progress(
                elapsedMs(),
                shape.totalNanos() / 1_000_000,
                running.get(),
                overall.requests(),
                interval.requests() * 1000.0 / intervalMs,
                p95,
                errors);
    }

    private void runClosed(ClosedShape closed) {
        List<VirtualUser> active = new ArrayList<>();
        List<VirtualUser> all = new ArrayList<>();
        long total = closed.totalNanos();
        while (!stopRequested) {
            long elapsed = System.nanoTime() - startNanos;
            if (elapsed >= total) {
                break;
            }
            int target = share.usersOf(closed.usersAt(elapsed));
            while (active.size() < target) {
                VirtualUser vu = new VirtualUser(scenario, share.globalUser(active.size()));
                active.add(vu);
                all.add(vu);
                stats.usersNow(running.incrementAndGet());
                Thread.ofVirtual().start(() -> {
                    try {
                        vu.runClosed();
                    } finally {
                        running.decrementAndGet();
                    }
                });
            }
            while (active.size() > target) {
                active.remove(active.size() - 1).stop(); // ramp-down: the newest users leave first
            }
            LockSupport.parkNanos(Math.min(10_000_000L, total - elapsed));
        }
        all.forEach(VirtualUser::stop);
        awaitEnd(all);
    }

    private void runOpen(OpenShape open) {
        // Idle users by class. An arrival's class follows the weights over the global arrival
        // sequence, as users follow them in the closed model: a user's class is fixed (its onStart,
        // its cookies), and reusing whichever user finished last made one class run nearly every
        // arrival (a 1:1 mix ran 78 to 2) and made the mix depend on the runner count.
        int classes = scenario.classes().size();
        List<ConcurrentLinkedDeque<Slot>> idle = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            idle.add(new ConcurrentLinkedDeque<>());
        }
        int maxUsers = share.usersOf(open.maxUsers());
        // maxUsers is shared among the classes by their weights, as the closed model's users are:
        // once every class holds its share, users are only ever reused
        int[] quota = new int[classes];
        for (int i = 0; i < maxUsers; i++) {
            quota[scenario.classIndexOfUser(share.globalUser(i))]++;
        }
        int[] users = new int[classes];
        List<VirtualUser> all = new ArrayList<>(); // every user that may have a thread: at most maxUsers
        int created = 0; // a new user gets a new id (and data row), also one replacing another
        // this runner takes every count-th arrival of the global schedule, so runners interleave
        for (long k = 0; !stopRequested; k++) {
            long arrival = share.globalArrival(k);
            long offset = open.arrivalNanos(arrival);
            if (offset >= open.totalNanos()) {
                break;
            }
            long intended = startNanos + offset;
            long wait;
            while (!stopRequested && (wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (stopRequested) {
                break;
            }
            int cls = scenario.classIndexOfArrival(arrival);
            Slot slot = idle.get(cls).pollFirst();
            if (slot == null && all.size() < maxUsers) {
                slot = new Slot(all.size(), new VirtualUser(scenario, share.globalUser(created++), cls), 0);
                all.add(slot.user());
                users[cls]++;
            }
            if (slot == null && (users[cls] < quota[cls] || users[cls] == 0)) {
                // every user is taken and this class is short of its share: an idle user of a class
                // over its share (of any class, when this one has none) leaves after its last
                // iteration, and a new user of this class takes its place
                Slot other = longestIdle(idle, cls, users, quota, users[cls] == 0);
                if (other != null) {
                    int from = other.user().classIndex();
                    users[from]--;
                    users[cls]++;
                    Thread.ofVirtual().start(other.user()::closeConnections);
                    slot = new Slot(other.index(), new VirtualUser(scenario, share.globalUser(created++), cls), 0);
                    all.set(other.index(), slot.user());
                }
            }
            if (slot == null) {
                stats.iterationDropped(); // no free user: counted, never silently skipped
                continue;
            }
            Slot taken = slot;
            stats.usersNow(running.incrementAndGet());
            Thread.ofVirtual().start(() -> {
                try {
                    taken.user().runIteration(intended);
                } finally {
                    running.decrementAndGet();
                    idle.get(cls).addFirst(new Slot(taken.index(), taken.user(), System.nanoTime()));
                }
            });
        }
        if (stopRequested) {
            all.forEach(VirtualUser::stop); // stopped early: arrivals not yet begun are not begun
        }
        // At the end of the schedule every arrival due before it runs, also one whose thread has not
        // begun yet (stopping the users here skipped it, neither run nor counted as dropped);
        // gracefulStop bounds the wait.
        awaitEnd(all);
    }

    /** A user of the open model, its place among this runner's users, and since when it is idle. */
    private record Slot(int index, VirtualUser user, long idleSinceNanos) {}

    /**
     * The user idle longest among the classes other than {@code cls} holding more than their
     * share (any with a user, when {@code anyClass}), taken from its queue; null if none.
     */
    private static Slot longestIdle(
            List<ConcurrentLinkedDeque<Slot>> idle, int cls, int[] users, int[] quota, boolean anyClass) {
        int best = -1;
        for (int c = 0; c < idle.size(); c++) {
            if (c == cls || (!anyClass && users[c] <= quota[c])) {
                continue;
            }
            Slot oldest = idle.get(c).peekLast(); // only this thread takes from the queues
            if (oldest != null
                    && (best < 0
                            || oldest.idleSinceNanos()
                                            - idle.get(best).peekLast().idleSinceNanos()
                                    < 0)) {
                best = c;
            }
        }
        return best < 0 ? null : idle.get(best).pollLast();
    }

    /**
     * Lets in-flight requests finish for up to gracefulStop (every user thread counts itself in
     * {@code running}), then cuts the rest off uncounted.
     */
    private void awaitEnd(List<VirtualUser> users) {
        long deadline = System.nanoTime() + gracefulStopNanos;
        while (running.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        for (VirtualUser u : users) {
            u.abandon();
        }
    }
}
