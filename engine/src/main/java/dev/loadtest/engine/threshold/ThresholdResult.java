package dev.loadtest.engine.threshold;

import dev.loadtest.api.threshold.Threshold;

/**
 * A threshold's verdict with the value it was judged on, in the threshold's units (ms, fraction,
 * per second, count), and the limit it was compared with. {@code measured} is NaN when there was nothing to measure; that fails.
 */
public record ThresholdResult(Threshold threshold, double measured, double limit, boolean ok) {
    public String expression() {
        return threshold.source();
    }

    /** The measured value as people read it: p(95)=412ms, rate=0.42%, rate=85.2/s, count=3. */
    public String measuredText() {
        String text = threshold.statistic() + "=" + Measures.format(threshold, measured);
        return threshold.limitRef() == null
                ? text
                : text + " (" + threshold.limitRef() + "=" + Measures.format(threshold, limit) + ")";
    }
}
