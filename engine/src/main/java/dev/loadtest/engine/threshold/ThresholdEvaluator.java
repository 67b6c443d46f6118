package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import java.util.ArrayList;
import java.util.List;

/** Judges a run: every threshold with its measured value. No data fails: a silent run proves nothing. */
public final class ThresholdEvaluator {
    private ThresholdEvaluator() {}

    public static List<ThresholdResult> evaluate(List<String> expressions, RunSnapshot run) {
        return evaluate(expressions, run, null);
    }

    /** With what the target did (null when it was not watched: target.* and prometheus.* then have no data). */
    public static List<ThresholdResult> evaluate(List<String> expressions, RunSnapshot run, TargetObservations target) {
        List<ThresholdResult> results = new ArrayList<>();
        if (expressions == null) {
            return results;
        }
        for (String e : expressions) {
            Threshold t = ThresholdParser.parse(e);
            double measured = Measures.measure(t, run, target);
            double limit = Measures.limit(t, target);
            boolean ok = !Double.isNaN(measured)
                    && !Double.isNaN(limit)
                    && t.comparison().holds(measured, limit);
            results.add(new ThresholdResult(t, measured, limit, ok));
        }
        return results;
    }

    public static boolean allPassed(List<ThresholdResult> results) {
        return results.stream().allMatch(ThresholdResult::ok);
    }
}
