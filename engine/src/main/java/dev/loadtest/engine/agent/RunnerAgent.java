package dev.loadtest.engine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunResult;
import dev.loadtest.engine.stats.Resampling;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.SnapshotWire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runner pod's side of the reporting channel. The operator pulls: it reads {@code GET /status}
 * and {@code GET /snapshot} (the runner's cumulative results, histograms compressed; JSON, or the
 * binary {@link SnapshotWire} form when asked for with {@code Accept}), posts {@code
 * /start?at=EPOCH_MS} with the one start time of all runners, {@code /stop} to end early, and
 * {@code /shutdown} once it has stored the final snapshot. Nothing is written to the API server by
 * runners, and because every snapshot is cumulative, an operator that restarts loses nothing: it
 * pulls again.
 */
public final class RunnerAgent implements AutoCloseable {
    private static final ObjectMapper JSON = ResultsFile.mapper();

    private final LoadRun run;
    private final int runnerIndex;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicReference<AgentState> state = new AtomicReference<>(AgentState.READY);
    private volatile RunResult result;
    private volatile String message = "ready";
    private volatile long startedAtEpochMs;
    private Thread runner;

    public RunnerAgent(LoadTest effective, String source, RunOptions options, InetSocketAddress bind)
            throws IOException {
        this.run = new LoadRun(effective, source, options);
        this.runnerIndex = options.share().index();
        this.server = HttpServer.create(bind, 64);
        server.setExecutor(executor);
        server.createContext("/status", ex -> json(ex, 200, status()));
        // ?totals=true leaves the time series out: what the operator polls while the test runs.
        // Accept: application/vnd.loadtest.snapshot asks for the binary form the operator merges fast.
        // ?anchor=EPOCH_MS&windowMs=MS merges the time series into windows counted from the run's
        // published start: the operator's final pull, bounded however long the run.
        server.createContext("/snapshot", ex -> {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            RunSnapshot s = "true".equals(q.get("totals")) ? totals() : snapshot();
            if (q.containsKey("anchor") && q.containsKey("windowMs")) {
                try {
                    s = Resampling.windows(s, Long.parseLong(q.get("anchor")), Long.parseLong(q.get("windowMs")));
                } catch (NumberFormatException e) {
                    json(ex, 400, Map.of("error", "anchor and windowMs are whole milliseconds"));
                    return;
                }
            }
            if (acceptsBinary(ex)) {
                send(ex, 200, SnapshotWire.MEDIA_TYPE, SnapshotWire.write(s));
            } else {
                json(ex, 200, s);
            }
        });
        server.createContext("/start", this::start);
        server.createContext("/stop", ex -> {
            run.stop();
            json(ex, 202, status());
        });
        server.createContext("/shutdown", ex -> {
            json(ex, 202, status());
            shutdown.countDown();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public AgentStatus status() {
        RunSnapshot s = result != null ? result.snapshot() : null;
        long requests = s != null
                ? s.requests()
                : state.get() == AgentState.RUNNING ? run.liveSnapshot().requests() : 0;
        return new AgentStatus(state.get(), runnerIndex, run.activeUsers(), requests, startedAtEpochMs, message);
    }

    /** Cumulative results so far (final once FINISHED). */
    public RunSnapshot snapshot() {
        RunResult r = result;
        return r != null ? r.snapshot() : run.liveSnapshot();
    }

    /** Totals and checks without the time series: small, for live status. */
    public RunSnapshot totals() {
        RunSnapshot s = snapshot();
        RunSnapshot t = s.header();
        t.totals = s.totals;
        t.checks = s.checks;
        return t;
    }

    private void start(HttpExchange ex) throws IOException {
        String asked = query(ex.getRequestURI().getRawQuery()).get("at");
        long at = System.currentTimeMillis();
        if (asked != null) {
            try {
                at = Long.parseLong(asked);
            } catch (NumberFormatException e) {
                json(ex, 400, new AgentStatus(state.get(), runnerIndex, 0, 0, 0, "at must be epoch milliseconds"));
                return;
            }
        }
        startAt(at);
        json(ex, 202, status());
    }

    /** Starts the load at {@code epochMs} (at once if that has passed); later calls are ignored. */
    public synchronized void startAt(long epochMs) {
        if (!state.compareAndSet(AgentState.READY, AgentState.SCHEDULED)) {
            return; // idempotent: the operator may retry a start it is not sure landed
        }
        message = "starting at " + epochMs;
        runner = Thread.ofPlatform().name("loadtest-runner").start(() -> {
            long wait = epochMs - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            startedAtEpochMs = System.currentTimeMillis();
            state.set(AgentState.RUNNING);
            message = "running";
            try {
                result = run.run(p -> {});
                message = result.stoppedEarly() ? "stopped early" : "finished";
                state.set(AgentState.FINISHED);
            } catch (RuntimeException | Error e) {
                message = "failed: " + e;
                state.set(AgentState.FAILED);
            }
        });
    }

    public void stopLoad() {
        run.stop();
    }

    /**
     * A SIGTERM (a node drain, an API eviction, {@code kubectl delete pod}): the load stops gracefully
     * and, if it ran, its results are served until the operator has collected them ({@code /shutdown})
     * or {@code hold} has passed, so a drained runner's numbers join the run's instead of being lost
     * with it. Returns when the process may exit; keep {@code hold} under the pod's grace period.
     */
    public void terminate(java.time.Duration hold) throws InterruptedException {
        long deadline = System.nanoTime() + hold.toNanos();
        boolean ran = startedAtEpochMs > 0;
        stopLoad();
        if (!ran) {
            return; // nothing measured, nothing to hand over
        }
        Thread t;
        synchronized (this) {
            t = runner;
        }
        if (t != null) {
            t.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        shutdown.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Blocks until the operator says shutdown, or {@code maxWait} passes after finishing. */
    public boolean awaitShutdown(long maxWait, TimeUnit unit) throws InterruptedException {
        return shutdown.await(maxWait, unit);
    }

    /** Blocks until the load has finished (or failed). */
    public void awaitFinished() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = runner;
        }
        if (t != null) {
            t.join();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return q;
    }

    private static boolean acceptsBinary(HttpExchange ex) {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains(SnapshotWire.MEDIA_TYPE);
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        run.stop();
        server.stop(0);
        executor.shutdownNow();
    }
}
