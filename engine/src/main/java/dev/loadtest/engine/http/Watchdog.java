package dev.loadtest.engine.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces request deadlines without a timed read per request. A timed socket read parks the
 * virtual thread with a timer, and on every request that wakes a timer thread: measured, it doubled
 * the CPU per request (docs/benchmarks.md). Instead reads are untimed, and this one daemon thread
 * looks at every open connection every {@value #TICK_MS} ms and closes those past their deadline,
 * which the blocked read then reports as a timeout. Deadlines are thus enforced within a tick.
 */
final class Watchdog {
    static final long TICK_MS = 20;
    private static final Set<HttpConnection> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;

    private Watchdog() {}

    static void watch(HttpConnection c) {
        CONNECTIONS.add(c);
        if (thread == null) {
            start();
        }
    }

    static void forget(HttpConnection c) {
        CONNECTIONS.remove(c);
    }

    private static synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(Watchdog::loop, "loadtest-deadlines");
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    private static void loop() {
        while (true) {
            LockSupport.parkNanos(TICK_MS * 1_000_000L);
            long now = System.nanoTime();
            for (HttpConnection c : CONNECTIONS) {
                c.expireIfPast(now);
                c.cutShortIfAnswered();
            }
        }
    }
}
