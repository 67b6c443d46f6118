package dev.loadtest.engine.target;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the target did during a run: its HPA, pods, CPU and memory, and Prometheus queries over time,
 * and what happened to it (scaling, restarts, OOM kills, evictions). Sample times are milliseconds
 * since the run's start, the same clock as the run's intervals, so the two series line up. Stored
 * next to the results as {@code target.json}; also the state the operator keeps between polls.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TargetObservations {
    public static final String FILE = "target.json";

    /** The run's start (epoch ms): sample times count from it. */
    public long startEpochMs;

    /** The watched HPA's name and its bounds, when there is one. */
    public String hpa;

    public Integer hpaMinReplicas;
    public Integer hpaMaxReplicas;

    public List<TargetSample> samples = new ArrayList<>();

    /** Values of each named Prometheus query over time. */
    public Map<String, List<Point>> prometheus = new LinkedHashMap<>();

    /** Scaling, restarts, OOM kills, evictions and other terminations, in order. */
    public List<TargetEvent> events = new ArrayList<>();

    /** Container restarts of the target's pods during the run. */
    public int restarts;

    /** Target containers OOM-killed during the run. */
    public int oomKilled;

    /** What could not be observed, and why (each said once), e.g. "the metrics API is not installed". */
    public Set<String> notes = new LinkedHashSet<>();

    /** Restart counts per pod/container when the run started: restarts before it are not the run's. */
    public Map<String, Integer> baselineRestarts = new LinkedHashMap<>();

    /**
     * True while the restart counts before the run are unknown (the pods could not be read then): the
     * first look that reads them takes them as the baseline instead of counting them.
     */
    public Boolean baselinePending;

    /** Terminations already counted (pod/container/finishedAt), so a poll never counts one twice. */
    public Set<String> seenTerminations = new LinkedHashSet<>();

    /** A value of a Prometheus query at a time since the run's start. */
    public record Point(long t, double v) {}

    /** Events beyond {@link #MAX_EVENTS} were counted here, not kept. */
    public int eventsDropped;

    /** Samples (and points of each query) kept at most; past it, every other one is dropped. */
    public static final int MAX_SAMPLES = 2400;

    public static final int MAX_EVENTS = 1000;

    /**
     * Keeps the stored series bounded whatever the run's length (a soak test of days): past
     * {@link #MAX_SAMPLES}, every other sample is dropped (the series gets coarser, its first and
     * last samples stay); events past {@link #MAX_EVENTS} are only counted. Counts are unaffected.
     */
    public void bound() {
        if (samples.size() > MAX_SAMPLES) {
            samples = thin(samples);
        }
        prometheus.replaceAll((name, points) -> points.size() > MAX_SAMPLES ? thin(points) : points);
        if (events.size() > MAX_EVENTS) {
            eventsDropped += events.size() - MAX_EVENTS;
            events = new ArrayList<>(events.subList(0, MAX_EVENTS));
        }
    }

    private static <T> List<T> thin(List<T> list) {
        List<T> kept = new ArrayList<>(list.size() / 2 + 1);
        for (int i = 0; i < list.size(); i += 2) {
            kept.add(list.get(i));
        }
        if ((list.size() - 1) % 2 != 0) {
            kept.add(list.get(list.size() - 1));
        }
        return kept;
    }

    public boolean isEmpty() {
        return samples.isEmpty() && prometheus.isEmpty() && events.isEmpty();
    }
}
