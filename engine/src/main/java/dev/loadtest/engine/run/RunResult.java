package dev.loadtest.engine.run;

import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.List;

/**
 * The outcome of a run: everything measured, each threshold's verdict, and whether it was stopped
 * early (by the user) rather than running its full course.
 */
public record RunResult(RunSnapshot snapshot, List<ThresholdResult> thresholds, boolean stoppedEarly, String shape) {
    public boolean passed() {
        return ThresholdEvaluator.allPassed(thresholds);
    }
}
