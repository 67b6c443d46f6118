package dev.loadtest.engine.target;

import dev.loadtest.api.model.Limits;
import dev.loadtest.api.status.TargetStatus;
import dev.loadtest.api.threshold.Metric;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;

/** Sums up what the target did for status and reports: peaks, time at max replicas, restarts, queries. */
public final class TargetSummary {
    private static final int MAX_TERMINATIONS = Limits.STATUS_TERMINATIONS; // the CRD bounds the list

    private TargetSummary() {}

    public static TargetStatus of(TargetObservations o) {
        TargetStatus s = new TargetStatus();
        s.hpa = o.hpa;
        s.minReplicas = o.hpaMinReplicas;
        s.maxReplicas = o.hpaMaxReplicas;
        s.peakReplicas = peakInt(TargetSeries.of(Metric.TARGET_REPLICAS, null, o));
        s.peakPods = peakInt(TargetSeries.of(Metric.TARGET_PODS, null, o));
        s.peakCpuPercent = percent(peak(TargetSeries.of(Metric.TARGET_CPU, null, o)));
        s.peakMemoryPercent = percent(peak(TargetSeries.of(Metric.TARGET_MEMORY, null, o)));
        if (o.hpa != null) {
            s.atMaxReplicasSeconds = atMaxMillis(o) / 1000;
            s.scalingEvents = (int)
                    o.events.stream().filter(e -> e.type().startsWith("Scaled")).count();
        }
        boolean watchesPods = o.samples.stream().anyMatch(x -> x.pods != null && x.pods > 0);
        if (watchesPods) {
            s.restarts = o.restarts;
            s.oomKilled = o.oomKilled;
            List<String> terminations = new ArrayList<>();
            for (TargetEvent e : o.events) {
                if (!e.type().startsWith("Scaled") && terminations.size() < MAX_TERMINATIONS) {
                    terminations.add(
                            e.object() + ": " + e.type() + (e.detail() == null ? "" : " (" + e.detail() + ")"));
                }
            }
            s.terminations = terminations.isEmpty() ? null : terminations;
        }
        if (!o.prometheus.isEmpty()) {
            s.queries = new ArrayList<>();
            for (Map.Entry<String, List<TargetObservations.Point>> q : o.prometheus.entrySet()) {
                TargetStatus.QueryStatus qs = new TargetStatus.QueryStatus();
                qs.name = q.getKey();
                List<Double> v = TargetSeries.of(Metric.PROMETHEUS, q.getKey(), o);
                qs.samples = v.size();
                if (!v.isEmpty()) {
                    DoubleSummaryStatistics st =
                            v.stream().mapToDouble(Double::doubleValue).summaryStatistics();
                    qs.last = round(v.get(v.size() - 1));
                    qs.min = round(st.getMin());
                    qs.max = round(st.getMax());
                    // over time, as a threshold's avg is judged
                    qs.avg = round(TargetSeries.averageOverTime(TargetSeries.points(Metric.PROMETHEUS, q.getKey(), o)));
                }
                s.queries.add(qs);
            }
        }
        s.notes = new ArrayList<>(o.notes);
        return s;
    }

    /**
     * Time at the HPA's maximum: each sample at max counts until the next sample (the last one until
     * it was taken, as nothing is known after it). Only from the start on: the baseline sample taken
     * before it (a negative time) is not the run's, as in TargetSeries, so an HPA already at max then
     * counts from 0, not from when it was looked at.
     */
    static long atMaxMillis(TargetObservations o) {
        if (o.hpaMaxReplicas == null) {
            return 0;
        }
        long total = 0;
        List<TargetSample> samples = o.samples;
        for (int i = 0; i + 1 < samples.size(); i++) {
            Integer r = samples.get(i).replicas;
            if (r != null && r >= o.hpaMaxReplicas) {
                total += Math.max(0, samples.get(i + 1).t - Math.max(0, samples.get(i).t));
            }
        }
        return total;
    }

    private static Integer peakInt(List<Double> v) {
        Double p = peak(v);
        return p == null ? null : (int) Math.round(p);
    }

    private static Double peak(List<Double> v) {
        return v.isEmpty()
                ? null
                : v.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    }

    private static Double percent(Double fraction) {
        return fraction == null ? null : round(fraction * 100);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
