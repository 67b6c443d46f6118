package dev.loadtest.cli;

import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.AbortRules;
import dev.loadtest.engine.threshold.RecentWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * spec.abort on a laptop: at each progress tick, the abort rules are judged on the run so far (the
 * same judge as the operator's, see {@link AbortRules}, over the same recent span, see {@link
 * RecentWindow}); the first that fires stops the run gracefully, and the results so far are kept.
 */
final class LocalAbortWatch {
    private final List<String> rules;
    private final LoadRun run;
    private final java.util.function.Supplier<TargetObservations> target;
    private final Map<String, AbortRules.Holding> holding = new HashMap<>();
    private final RecentWindow recent = new RecentWindow();
    private volatile AbortRules.Holding fired;

    LocalAbortWatch(List<String> rules, LoadRun run, java.util.function.Supplier<TargetObservations> target) {
        this.rules = rules == null ? List.of() : rules;
        this.run = run;
        this.target = target;
    }

    /** Called at each progress tick. */
    void tick(RunSnapshot now) {
        if (rules.isEmpty() || fired != null) {
            return;
        }
        AbortRules.Holding h =
                AbortRules.check(rules, recent.before(now), now, target.get(), System.currentTimeMillis(), holding);
        if (h != null) {
            fired = h;
            run.stop();
        }
    }

    /** No rules to judge: the live snapshot need not be taken for it. */
    boolean idle() {
        return rules.isEmpty() || fired != null;
    }

    /** The rule that stopped the run, or null. */
    AbortRules.Holding fired() {
        return fired;
    }
}
