package dev.loadtest.engine.threshold;

import dev.loadtest.engine.stats.RunSnapshot;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The live snapshots of one run that abort rules compare, so that "recent" spans the same stretch
 * of the run on a laptop and in a cluster: about {@value #SPAN_MS} ms, the operator's default look
 * interval. {@code loadtest run} looks every statistics interval (1 s) and judged rates over that
 * second alone, the operator over its 3 s looks: a rule on a slow endpoint's error rate could fire
 * on a laptop and not in a cluster. Each look now compares with the newest snapshot at least
 * {@value #MIN_AGE_MS} ms older (looks come a little early or late); early in a run, the run's
 * start counts as one (after an operator restart mid-run, the first looks judge nothing).
 */
public final class RecentWindow {
    public static final long SPAN_MS = 3_000;
    static final long MIN_AGE_MS = SPAN_MS * 4 / 5;

    private final ArrayDeque<RunSnapshot> kept = new ArrayDeque<>();

    /**
     * The snapshot {@code now} is judged against (null until one is old enough), keeping {@code
     * now} for later looks. Snapshots are of one run, in run time ({@link RunSnapshot#elapsedMs}).
     */
    public synchronized RunSnapshot before(RunSnapshot now) {
        if (!kept.isEmpty() && now.elapsedMs < kept.peekLast().elapsedMs) {
            kept.clear(); // not the same run's clock: nothing to compare with
        }
        if (kept.isEmpty() && now.elapsedMs <= 2 * SPAN_MS) {
            kept.add(start(now)); // early in the run: its start is the first thing to compare with
        }
        // drop the front while the next one is also old enough: the front is then the newest such
        while (kept.size() >= 2 && now.elapsedMs - second().elapsedMs >= MIN_AGE_MS) {
            kept.removeFirst();
        }
        RunSnapshot first = kept.peekFirst();
        RunSnapshot before = first != null && now.elapsedMs - first.elapsedMs >= MIN_AGE_MS ? first : null;
        kept.addLast(now);
        return before;
    }

    /** The run at its start: nothing done yet, by the same runners. */
    private static RunSnapshot start(RunSnapshot now) {
        RunSnapshot s = new RunSnapshot();
        s.name = now.name;
        s.startEpochMs = now.startEpochMs;
        s.intervalMs = now.intervalMs;
        s.runners = now.runners;
        s.elapsedMs = 0;
        return s;
    }

    private RunSnapshot second() {
        Iterator<RunSnapshot> i = kept.iterator();
        i.next();
        return i.next();
    }
}
