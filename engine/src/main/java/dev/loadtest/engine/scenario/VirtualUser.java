package dev.loadtest.engine.scenario;

import dev.loadtest.engine.http.HttpConnection;
import dev.loadtest.engine.http.HttpException;
import dev.loadtest.engine.http.HttpResponse;
import dev.loadtest.engine.http.Origin;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated user, run on a virtual thread. Its state is small (variables, cookies, one
 * keep-alive connection), and while it thinks it is a parked virtual thread, so idle users cost
 * little memory and no CPU. Stopping is graceful: an in-flight request finishes and is counted.
 */
public final class VirtualUser {
    private final UserContext ctx;
    private final CompiledClass cls;
    private final int classIndex;
    private final StatsCollector stats;
    private final boolean insecureTls;
    private final HttpResponse response = new HttpResponse();
    private CookieJar cookies;
    private HttpConnection connection;
    private Map<Origin, HttpConnection> otherConnections;
    private volatile boolean stopping;
    /** Set when the graceful stop ran out: a request cut off now is not the target's fault, so not counted. */
    private volatile boolean abandoned;

    private volatile Thread thread;
    private boolean setUp;

    public VirtualUser(CompiledScenario scenario, int userIndex) {
        this(scenario, userIndex, scenario.classOf(userIndex));
    }

    /** A user of the given class (the open model chooses the class by arrival, not by user). */
    public VirtualUser(CompiledScenario scenario, int userIndex, int classIndex) {
        this(scenario, userIndex, scenario.classes().get(classIndex));
    }

    private VirtualUser(CompiledScenario scenario, int userIndex, CompiledClass cls) {
        this.ctx = new UserContext(userIndex, scenario.run);
        this.cls = cls;
        this.classIndex = scenario.classes().indexOf(cls);
        this.stats = scenario.run.stats();
        this.insecureTls = scenario.run.insecureTls();
    }

    public int userIndex() {
        return ctx.userIndex;
    }

    /** This user's class, as an index into the scenario's classes. */
    public int classIndex() {
        return classIndex;
    }

    public String className() {
        return cls.name;
    }

    /** Closed model: onStart once, then iterations separated by think time, until stopped. */
    public void runClosed() {
        thread = Thread.currentThread();
        try {
            if (!setUpOnce()) {
                return;
            }
            while (!stopping) {
                if (runTask(cls.pickTask(), 0)) {
                    stats.iterationDone();
                }
                if (!sleep(cls.thinkTime.next())) {
                    return;
                }
            }
        } finally {
            closeConnections();
        }
    }

    /**
     * Open model: one iteration whose first request is timed from {@code intendedStartNanos}, the
     * moment the arrival was due, so a slow target cannot hide its queueing (coordinated omission).
     * A new user runs its onStart first; the iteration's clock then starts after it.
     */
    public void runIteration(long intendedStartNanos) {
        thread = Thread.currentThread();
        long intended = intendedStartNanos;
        if (!setUp) {
            if (!setUpOnce()) {
                return;
            }
            intended = Math.max(intended, System.nanoTime());
        }
        if (!stopping && runTask(cls.pickTask(), intended)) {
            stats.iterationDone();
        }
    }

    /** Asks the user to stop after its in-flight request; wakes it if it is thinking. */
    public void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** After the graceful stop: cut off whatever is still in flight, without counting it. */
    public void abandon() {
        abandoned = true;
        stop();
        close(HttpConnection::abort); // from another thread, under an exchange that may be blocked
    }

    public void closeConnections() {
        close(HttpConnection::close);
    }

    private void close(java.util.function.Consumer<HttpConnection> how) {
        if (connection != null) {
            how.accept(connection);
            connection = null;
        }
        if (otherConnections != null) {
            otherConnections.values().forEach(how);
            otherConnections = null;
        }
    }

    private boolean setUpOnce() {
        setUp = true;
        for (CompiledStep s : cls.onStart) {
            if (stopping || !execute(s, 0)) {
                return !stopping;
            }
        }
        return true;
    }

    /** A request that got no response: its checks and extractions fail with it. */
    private void failed(CompiledStep step, long micros, Outcome outcome, long sent, long received) {
        for (CompiledCheck check : step.checks()) {
            check.counter.record(false);
        }
        for (Extractor x : step.extractors()) {
            x.counter.record(false);
        }
        step.recorder().record(micros, outcome, sent, received);
    }

    /** Runs a task's steps; true when all ran (an iteration), false when stopped midway. */
    private boolean runTask(CompiledTask task, long intendedStartNanos) {
        ctx.iteration++;
        long intended = intendedStartNanos;
        for (CompiledStep s : task.steps()) {
            if (stopping) {
                return false;
            }
            execute(s, intended);
            intended = 0; // only the first request waited for the arrival
            if (s.pauseNanos() > 0 && !sleep(s.pauseNanos())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A connection idle this long is probed before reuse (a 1 ms read: end of stream means the server
     * closed it). Servers close idle keep-alive connections after seconds; probing only these spares
     * a busy user the millisecond.
     */
    static final long PROBE_AFTER_IDLE_NANOS = 250_000_000L;

    /** Sends one request and records it; returns true when it succeeded. */
    private boolean execute(CompiledStep step, long intendedStartNanos) {
        long start = System.nanoTime();
        PreparedRequest req;
        try {
            req = step.request().prepare(ctx, cookies);
        } catch (IllegalArgumentException e) {
            // a URL no escaping makes valid (a host or port from test data): it fails as a refused
            // connection would, counted, and the user goes on; uncaught it would end the user silently
            failed(step, (System.nanoTime() - start) / 1000, Outcome.CONNECTION_ERROR, 0, 0);
            return false;
        }
        long begun = System.nanoTime();
        HttpException failure = null;
        long sentAt = 0; // when the first attempt was sent: a resend is timed from it, under one deadline
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpConnection c = null;
            try {
                long connectBy = (sentAt == 0 ? begun : sentAt) + step.request().timeoutNanos;
                c = connectionFor(req.origin(), connectBy);
                if (c.closedWhileIdle(PROBE_AFTER_IDLE_NANOS)) {
                    drop(c); // the server closed it while we thought: not a failure, nothing was sent
                    c = null; // a failure to reconnect is a fresh connection's, never a stale one's
                    c = connectionFor(req.origin(), connectBy);
                }
                if (sentAt == 0) {
                    sentAt = System.nanoTime();
                }
                c.exchange(
                        req.bytes(),
                        req.length(),
                        step.request().isHead,
                        step.needsHeaders(),
                        step.needsBody(),
                        sentAt + step.request().timeoutNanos,
                        response);
                failure = null;
                if (!c.isReusable()) {
                    drop(c);
                }
                break;
            } catch (HttpException e) {
                failure = e;
                // a kept-alive connection that failed before any answer was most likely closed by the
                // server while idle, and the request is sent once more; but the target may have read
                // and acted on it, so only a request that may be repeated is (a POST twice would be
                // two orders on the target and one request here)
                boolean stale = c != null
                        && c.wasUsed()
                        && e.kind() == HttpException.Kind.CONNECTION
                        && e.nothingReceived()
                        && step.request().idempotent;
                if (c != null) {
                    drop(c);
                }
                if (!stale) {
                    break;
                }
            }
        }
        start = sentAt == 0 ? begun : sentAt; // never sent (no connection): timed from the attempt to connect
        if (abandoned) {
            return false;
        }
        long end = System.nanoTime();
        long from = intendedStartNanos > 0 ? Math.min(intendedStartNanos, start) : start;
        long micros = (end - from) / 1000;
        long sent = req.length();
        if (failure != null) {
            Outcome o = failure.kind() == HttpException.Kind.TIMEOUT ? Outcome.TIMEOUT : Outcome.CONNECTION_ERROR;
            failed(step, micros, o, sent, response.bytesReceived());
            return false;
        }
        if (!response.setCookies().isEmpty()) {
            if (cookies == null) {
                cookies = new CookieJar();
            }
            cookies.store(req.origin(), response.setCookies());
        }
        Outcome outcome = classify(step, micros);
        step.recorder().record(micros, outcome, sent, response.bytesReceived());
        response.releaseBody();
        return outcome == Outcome.SUCCESS;
    }

    private Outcome classify(CompiledStep step, long micros) {
        int status = response.status();
        boolean statusOk = !step.hasStatusCheck() && status < 400;
        boolean othersOk = true;
        ResponseView view = step.needsBody() ? new ResponseView(response) : null;
        for (CompiledCheck check : step.checks()) {
            boolean ok = check.test(response, micros, view);
            check.counter.record(ok);
            if (check.isStatus()) {
                statusOk |= ok;
            } else {
                othersOk &= ok;
            }
        }
        for (Extractor x : step.extractors()) {
            String v = x.extract(response, view);
            x.counter.record(v != null);
            if (v != null) {
                ctx.setVariable(x.variable, v);
            } else {
                othersOk = false;
            }
        }
        if (!statusOk) {
            return status >= 500 ? Outcome.HTTP_5XX : status >= 400 ? Outcome.HTTP_4XX : Outcome.CHECK_FAILED;
        }
        return othersOk ? Outcome.SUCCESS : Outcome.CHECK_FAILED;
    }

    private HttpConnection connectionFor(Origin origin, long deadlineNanos) throws HttpException {
        if (connection != null && connection.origin().equals(origin)) {
            return connection;
        }
        if (connection == null) {
            connection = HttpConnection.open(origin, deadlineNanos, insecureTls);
            return connection;
        }
        if (otherConnections == null) {
            otherConnections = new HashMap<>(2);
        }
        HttpConnection c = otherConnections.get(origin);
        if (c == null) {
            c = HttpConnection.open(origin, deadlineNanos, insecureTls);
            otherConnections.put(origin, c);
        }
        return c;
    }

    private void drop(HttpConnection c) {
        c.close();
        if (c == connection) {
            connection = null;
        } else if (otherConnections != null) {
            otherConnections.remove(c.origin());
        }
    }

    /** Parks for {@code nanos}; false when stopped meanwhile. */
    private boolean sleep(long nanos) {
        if (nanos <= 0) {
            return !stopping;
        }
        long deadline = System.nanoTime() + nanos;
        while (!stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left);
        }
        return false;
    }
}
