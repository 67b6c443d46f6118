package dev.loadtest.engine.target;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The target at one moment; a field is null when its source was not available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TargetSample {
    /** Milliseconds since the run's start. */
    public long t;

    /** The HPA's current and desired replicas. */
    public Integer replicas;

    public Integer desiredReplicas;

    /** Pods matching the selector, and how many of them are ready. */
    public Integer pods;

    public Integer readyPods;

    /** CPU used by the pods (cores), and that of the containers requesting CPU as a fraction of those requests. */
    public Double cpuCores;

    public Double cpu;

    /** Memory of the pods (bytes), and the fullest container's memory as a fraction of its limit (or request). */
    public Double memoryBytes;

    public Double memory;

    /** The HPA's metrics: current value against its target, as the HPA reports them. */
    public List<HpaMetric> hpaMetrics;

    /** One HPA metric, e.g. cpu utilization 72 against a target of 60 (percent of requests). */
    public record HpaMetric(String name, Double current, Double target) {}

    public TargetSample() {}

    public TargetSample(long t) {
        this.t = t;
    }

    public List<HpaMetric> hpaMetrics() {
        if (hpaMetrics == null) {
            hpaMetrics = new ArrayList<>();
        }
        return hpaMetrics;
    }
}
