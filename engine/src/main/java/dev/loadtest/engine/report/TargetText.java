package dev.loadtest.engine.report;

import dev.loadtest.api.status.TargetStatus;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.target.TargetSummary;
import java.util.Locale;

/** The "target" block of a text report: what the system under test did during the run. */
public final class TargetText {
    private TargetText() {}

    public static String render(TargetObservations o) {
        TargetStatus s = TargetSummary.of(o);
        StringBuilder b = new StringBuilder("\n  target\n");
        if (s.hpa != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "     hpa %s ........ replicas %d..%d, peak %s, at max %ds, %d scaling event(s)%n",
                    s.hpa,
                    s.minReplicas,
                    s.maxReplicas,
                    s.peakReplicas == null ? "?" : s.peakReplicas,
                    s.atMaxReplicasSeconds,
                    s.scalingEvents));
        }
        if (s.peakPods != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "     pods ............. peak %d ready, %d restart(s), %d OOM kill(s)%n",
                    s.peakPods,
                    s.restarts == null ? 0 : s.restarts,
                    s.oomKilled == null ? 0 : s.oomKilled));
        }
        if (s.peakCpuPercent != null) {
            b.append(String.format(Locale.ROOT, "     cpu .............. peak %.1f%% of requests%n", s.peakCpuPercent));
        }
        if (s.peakMemoryPercent != null) {
            b.append(String.format(Locale.ROOT, "     memory ........... peak %.1f%% of limit%n", s.peakMemoryPercent));
        }
        if (s.terminations != null) {
            s.terminations.forEach(
                    t -> b.append("     terminated ....... ").append(t).append('\n'));
        }
        if (s.queries != null) {
            for (TargetStatus.QueryStatus q : s.queries) {
                b.append(
                        q.samples == 0
                                ? String.format(Locale.ROOT, "     prometheus.%s: no samples%n", q.name)
                                : String.format(
                                        Locale.ROOT,
                                        "     prometheus.%s: last=%.4g min=%.4g max=%.4g avg=%.4g (%d samples)%n",
                                        q.name,
                                        q.last,
                                        q.min,
                                        q.max,
                                        q.avg,
                                        q.samples));
            }
        }
        s.notes.forEach(n -> b.append("     note: ").append(n).append('\n'));
        return b.toString();
    }
}
