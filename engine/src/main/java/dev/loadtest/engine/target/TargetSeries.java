package dev.loadtest.engine.target;

import dev.loadtest.api.threshold.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The values of one target.* or prometheus.* gauge over the run, oldest first, gaps left out. The
 * baseline sample taken just before the start (at a negative time, to see scaling in the first
 * seconds) is not the run's: a CPU spike of a roll-out seconds before the load failed a
 * "target.cpu: max" threshold the load itself never broke.
 */
public final class TargetSeries {
    private TargetSeries() {}

    public static List<Double> of(Metric metric, String query, TargetObservations o) {
        List<Double> values = new ArrayList<>();
        if (o == null) {
            return values;
        }
        if (metric == Metric.PROMETHEUS) {
            for (TargetObservations.Point p : o.prometheus.getOrDefault(query, List.of())) {
                if (p.t() >= 0) {
                    values.add(p.v());
                }
            }
            return values;
        }
        Function<TargetSample, Number> field = switch (metric) {
            case TARGET_REPLICAS -> o.hpa != null ? s -> s.replicas : s -> s.readyPods;
            case TARGET_PODS -> s -> s.readyPods;
            case TARGET_CPU -> s -> s.cpu;
            case TARGET_MEMORY -> s -> s.memory;
            default -> throw new IllegalArgumentException(metric.key + " is not a gauge of the target");
        };
        for (TargetSample s : o.samples) {
            if (s.t < 0) {
                continue;
            }
            Number v = field.apply(s);
            if (v != null) {
                values.add(v.doubleValue());
            }
        }
        return values;
    }
}
