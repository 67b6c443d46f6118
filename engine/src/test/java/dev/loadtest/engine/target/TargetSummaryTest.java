package dev.loadtest.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.TargetStatus;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdEvaluator;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Peaks, time at max replicas, restarts and query figures, and thresholds judged on them. */
class TargetSummaryTest {

    /** An HPA 2..4 that scales 2 → 4 and stays at 4 for 6 s; CPU up to 85 %; one OOM kill. */
    static TargetObservations scaledRun() {
        TargetObservations o = new TargetObservations();
        o.hpa = "api";
        o.hpaMinReplicas = 2;
        o.hpaMaxReplicas = 4;
        int[] replicas = {2, 2, 3, 4, 4, 4};
        double[] cpu = {0.30, 0.55, 0.85, 0.70, 0.60, 0.50};
        for (int i = 0; i < replicas.length; i++) {
            TargetSample s = new TargetSample(i * 3000L);
            s.replicas = replicas[i];
            s.pods = replicas[i];
            s.readyPods = replicas[i];
            s.cpu = cpu[i];
            s.memory = 0.4 + i * 0.05;
            o.samples.add(s);
        }
        o.events.add(new TargetEvent(6000, "ScaledUp", "hpa/api", "2 → 3"));
        o.events.add(new TargetEvent(9000, "ScaledUp", "hpa/api", "3 → 4"));
        o.events.add(new TargetEvent(10000, "OOMKilled", "api-1/app", "exit code 137"));
        o.restarts = 1;
        o.oomKilled = 1;
        o.prometheus.put(
                "cacheHitRate", List.of(new TargetObservations.Point(0, 0.9), new TargetObservations.Point(3000, 0.7)));
        return o;
    }

    @Test
    void summaryHasPeaksAndTimeAtMax() {
        TargetStatus s = TargetSummary.of(scaledRun());

        assertThat(s.peakReplicas).isEqualTo(4);
        assertThat(s.maxReplicas).isEqualTo(4);
        assertThat(s.atMaxReplicasSeconds).isEqualTo(6); // at 9 s, 12 s; the last sample (15 s) ends it
        assertThat(s.scalingEvents).isEqualTo(2);
        assertThat(s.peakCpuPercent).isEqualTo(85.0);
        assertThat(s.peakMemoryPercent).isEqualTo(65.0);
        assertThat(s.restarts).isEqualTo(1);
        assertThat(s.oomKilled).isEqualTo(1);
        assertThat(s.terminations).containsExactly("api-1/app: OOMKilled (exit code 137)");
        assertThat(s.queries).singleElement().satisfies(q -> {
            assertThat(q.name).isEqualTo("cacheHitRate");
            assertThat(q.last).isEqualTo(0.7);
            assertThat(q.min).isEqualTo(0.7);
            assertThat(q.max).isEqualTo(0.9);
            assertThat(q.avg).isEqualTo(0.8);
            assertThat(q.samples).isEqualTo(2);
        });
    }

    @Test
    void thresholdsJudgeTheTarget() {
        List<ThresholdResult> r = ThresholdEvaluator.evaluate(
                List.of(
                        "target.cpu: max < 70%",
                        "target.replicas: max < target.hpa.maxReplicas",
                        "target.oomKilled: count == 0",
                        "target.restarts: count <= 1",
                        "prometheus.cacheHitRate: avg >= 80%",
                        "prometheus.cacheHitRate: last > 80%",
                        "target.pods: min >= 2"),
                new RunSnapshot(),
                scaledRun());

        assertThat(r).extracting(ThresholdResult::ok).containsExactly(false, false, false, true, true, false, true);
        assertThat(r.get(0).measuredText()).isEqualTo("max=85.00%");
        assertThat(r.get(1).measuredText()).isEqualTo("max=4 (target.hpa.maxReplicas=4)");
        assertThat(r.get(2).measuredText()).isEqualTo("count=1");
        assertThat(r.get(5).measuredText()).isEqualTo("last=0.7000");
    }

    /** The baseline sample before the start shows the target before the load: not judged as the run's. */
    @Test
    void theBaselineSampleBeforeTheStartIsNotPartOfTheRunsGauges() {
        TargetObservations o = scaledRun();
        TargetSample before = new TargetSample(-2000); // a roll-out's start-up spike, before the load
        before.replicas = 2;
        before.readyPods = 2;
        before.cpu = 2.4;
        before.memory = 0.95;
        o.samples.add(0, before);

        List<ThresholdResult> r = ThresholdEvaluator.evaluate(
                List.of("target.cpu: max < 90%", "target.memory: max < 90%"), new RunSnapshot(), o);

        assertThat(r).extracting(ThresholdResult::ok).containsExactly(true, true);
        assertThat(r.get(0).measuredText()).isEqualTo("max=85.00%");
        assertThat(TargetSummary.of(o).peakCpuPercent).isEqualTo(85.0);
    }

    /** An HPA already at max when the baseline was taken counts from the start, not from the baseline. */
    @Test
    void timeAtMaxCountsFromTheStartNotFromTheBaselineSample() {
        TargetObservations o = new TargetObservations();
        o.hpa = "api";
        o.hpaMinReplicas = 2;
        o.hpaMaxReplicas = 4;
        long[] t = {-2500, 0, 3000, 6000};
        int[] replicas = {4, 4, 4, 3};
        for (int i = 0; i < t.length; i++) {
            TargetSample s = new TargetSample(t[i]);
            s.replicas = replicas[i];
            o.samples.add(s);
        }

        // at max from 0 to 6 s: the 2.5 s before the start are not the run's
        assertThat(TargetSummary.of(o).atMaxReplicasSeconds).isEqualTo(6);

        o.samples.remove(1); // no sample at 0: the baseline's max stands from 0 until the next one, at 3 s
        assertThat(TargetSummary.atMaxMillis(o)).isEqualTo(6000);
    }

    /** avg weighs each sample by how long it stood: a long run keeps fewer of its older samples. */
    @Test
    void avgIsOverTimeNotOverTheSamplesKept() {
        TargetObservations o = new TargetObservations();
        long[] t = {0, 6000, 12000, 15000, 18000, 21000}; // older samples thinned to 6 s, recent ones 3 s
        double[] cpu = {0.4, 0.4, 0.4, 1.0, 1.0, 1.0};
        for (int i = 0; i < t.length; i++) {
            TargetSample s = new TargetSample(t[i]);
            s.cpu = cpu[i];
            s.pods = 1;
            o.samples.add(s);
        }
        List<ThresholdResult> r = ThresholdEvaluator.evaluate(List.of("target.cpu: avg < 65%"), new RunSnapshot(), o);

        // polled every 3 s: 0.4 at 0, 3, 6, 9, 12 s and 1.0 at 15, 18, 21 s → (5 × 0.4 + 3 × 1.0) / 8
        assertThat(r.get(0).measured()).isCloseTo(0.625, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.get(0).ok()).isTrue();
        assertThat(TargetSeries.averageOverTime(List.of(new TargetObservations.Point(5, 0.3))))
                .isEqualTo(0.3);
    }

    @Test
    void unobservedTargetHasNoDataAndFails() {
        List<ThresholdResult> r = ThresholdEvaluator.evaluate(
                List.of("target.oomKilled: count == 0", "prometheus.x: avg > 1"), new RunSnapshot(), null);

        assertThat(r).allSatisfy(t -> {
            assertThat(t.ok()).isFalse();
            assertThat(t.measuredText()).endsWith("no data");
        });
    }

    @Test
    void aSoakRunsSeriesStaysBoundedAndKeepsItsEnds() {
        TargetObservations o = new TargetObservations();
        for (int i = 0; i < 3 * TargetObservations.MAX_SAMPLES; i++) {
            TargetSample s = new TargetSample(i * 3000L);
            s.replicas = i;
            o.samples.add(s);
            o.events.add(new TargetEvent(i, "ScaledUp", "hpa/x", null));
            o.bound();
        }

        assertThat(o.samples.size()).isLessThanOrEqualTo(TargetObservations.MAX_SAMPLES);
        assertThat(o.samples.get(0).t).isZero();
        assertThat(o.samples.get(o.samples.size() - 1).replicas).isEqualTo(3 * TargetObservations.MAX_SAMPLES - 1);
        assertThat(o.samples).extracting(s -> s.t).isSorted();
        assertThat(o.events).hasSize(TargetObservations.MAX_EVENTS);
        assertThat(o.eventsDropped + o.events.size()).isEqualTo(3 * TargetObservations.MAX_SAMPLES);
    }

    @Test
    void withAnHpaReplicasAreTheHpasNeverReadyPods() {
        TargetObservations o = new TargetObservations();
        o.hpa = "api";
        o.hpaMaxReplicas = 4;
        TargetSample surge = new TargetSample(0); // the HPA could not be read; a rollout surges to 5 pods
        surge.pods = 5;
        surge.readyPods = 5;
        o.samples.add(surge);
        TargetSample s = new TargetSample(3000);
        s.replicas = 4;
        s.readyPods = 4;
        s.pods = 4;
        o.samples.add(s);

        assertThat(ThresholdEvaluator.evaluate(
                                List.of("target.replicas: max <= target.hpa.maxReplicas"), new RunSnapshot(), o)
                        .get(0)
                        .ok())
                .isTrue();
    }

    @Test
    void hpaOnlyWatchDoesNotClaimZeroRestarts() {
        TargetObservations o = new TargetObservations();
        o.hpa = "api";
        TargetSample s = new TargetSample(0);
        s.replicas = 3;
        o.samples.add(s);

        TargetStatus status = TargetSummary.of(o);

        assertThat(status.restarts).isNull();
        assertThat(ThresholdEvaluator.evaluate(List.of("target.restarts: count == 0"), new RunSnapshot(), o))
                .singleElement()
                .satisfies(t -> assertThat(t.ok()).isFalse());
    }
}
