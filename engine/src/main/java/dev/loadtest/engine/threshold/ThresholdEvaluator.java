package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.engine.stats.RunSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Judges a run: every threshold with its measured value. No data fails: a silent run proves nothing. */
public final class ThresholdEvaluator {
    private ThresholdEvaluator() {}

    public static List<ThresholdResult> evaluate(List<String> expressions, RunSnapshot run) {
        List<ThresholdResult> results = new ArrayList<>();
        if (expressions == null) {
            return results;
        }
        for (String e : expressions) {
            Threshold t = ThresholdParser.parse(e);
            double measured = Measures.measure(t, run);
            boolean ok = !Double.isNaN(measured) && t.comparison().holds(measured, t.limit());
            results.add(new ThresholdResult(t, measured, ok));
        }
        return results;
    }

    public static boolean allPassed(List<ThresholdResult> results) {
        return results.stream().allMatch(ThresholdResult::ok);
    }
}
