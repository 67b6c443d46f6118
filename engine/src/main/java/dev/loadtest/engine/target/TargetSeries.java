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
        for (TargetObservations.Point p : points(metric, query, o)) {
            values.add(p.v());
        }
        return values;
    }

    /** The same values with their times (ms from the start). */
    public static List<TargetObservations.Point> points(Metric metric, String query, TargetObservations o) {
        List<TargetObservations.Point> points = new ArrayList<>();
        if (o == null) {
            return points;
        }
        if (metric == Metric.PROMETHEUS) {
            for (TargetObservations.Point p : o.prometheus.getOrDefault(query, List.of())) {
                if (p.t() >= 0) {
                    points.add(p);
                }
            }
            return points;
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
                points.add(new TargetObservations.Point(s.t, v.doubleValue()));
            }
        }
        return points;
    }

    /**
     * The average over time: each value counts for as long as it stood, until the next (the last
     * for as long as the one before it). Looks come at a steady pace, and then this is their plain
     * mean; but a long run's series keeps fewer of its older samples (TargetObservations.bound), and
     * a plain mean of what is kept weighed the recent stretch twice: 2 h at 40 % then 1 h at 100 %
     * averaged 70 % instead of 60 %.
     */
    public static double averageOverTime(List<TargetObservations.Point> points) {
        if (points.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < points.size(); i++) {
            long w = i + 1 < points.size()
                    ? points.get(i + 1).t() - points.get(i).t()
                    : i > 0 ? points.get(i).t() - points.get(i - 1).t() : 1;
            w = Math.max(w, 0);
            sum += points.get(i).v() * w;
            weights += w;
        }
        return weights > 0
                ? sum / weights
                : points.stream()
                        .mapToDouble(TargetObservations.Point::v)
                        .average()
                        .getAsDouble();
    }
}
