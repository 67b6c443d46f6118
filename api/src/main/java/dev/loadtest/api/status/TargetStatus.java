package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.loadtest.api.model.Limits;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the target did during the run, summarised; the time series are stored with the results. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetStatus {
    @JsonPropertyDescription("The watched HorizontalPodAutoscaler's name.")
    public String hpa;

    @JsonPropertyDescription("The HPA's minimum replicas.")
    public Integer minReplicas;

    @JsonPropertyDescription("The HPA's maximum replicas.")
    public Integer maxReplicas;

    @JsonPropertyDescription("Most replicas during the run (the HPA's current replicas, else ready pods).")
    public Integer peakReplicas;

    @JsonPropertyDescription("Seconds the HPA spent at its maximum replicas.")
    public Long atMaxReplicasSeconds;

    @JsonPropertyDescription("Scale-ups and scale-downs during the run.")
    public Integer scalingEvents;

    @JsonPropertyDescription("Most ready target pods during the run.")
    public Integer peakPods;

    @JsonPropertyDescription("Highest CPU of the target's pods, in percent of their CPU requests.")
    public Double peakCpuPercent;

    @JsonPropertyDescription("Highest memory of the fullest target pod, in percent of its memory limit (or request).")
    public Double peakMemoryPercent;

    @JsonPropertyDescription("Container restarts of the target's pods during the run.")
    public Integer restarts;

    @JsonPropertyDescription("Target containers OOM-killed during the run.")
    public Integer oomKilled;

    @JsonPropertyDescription("Terminations during the run (pod/container: reason), at most 10.")
    @Size(max = Limits.STATUS_TERMINATIONS)
    public List<String> terminations;

    @JsonPropertyDescription("Each Prometheus query's last, min, max and average value.")
    @Size(max = Limits.PROMETHEUS_QUERIES)
    public List<QueryStatus> queries;

    @JsonPropertyDescription("What could not be observed and why, e.g. the metrics API is not installed.")
    @Size(max = Limits.STATUS_NOTES)
    public List<String> notes = new ArrayList<>();

    /** A Prometheus query's figures over the run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class QueryStatus {
        @JsonPropertyDescription("The query's name (prometheus.NAME).")
        public String name;

        @JsonPropertyDescription("Samples taken.")
        public int samples;

        @JsonPropertyDescription("The latest value.")
        public Double last;

        @JsonPropertyDescription("The lowest value.")
        public Double min;

        @JsonPropertyDescription("The highest value.")
        public Double max;

        @JsonPropertyDescription("The mean of the samples.")
        public Double avg;
    }
}
