package dev.loadtest.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Summary;
import dev.loadtest.api.status.TargetStatus;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.reconciler.LoadTestReconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LoadTestMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoadTestMetrics metrics = new LoadTestMetrics(registry);

    private static LoadTestStatus running() {
        LoadTestStatus s = new LoadTestStatus();
        s.users = new LoadTestStatus.Users();
        s.users.current = 3;
        s.summary = new Summary();
        s.summary.requestsPerSecond = 12;
        s.target = new TargetStatus();
        s.target.peakReplicas = 2;
        return s;
    }

    private long seriesOf(String name) {
        return registry.getMeters().stream()
                .filter(m -> name.equals(m.getId().getTag("name")))
                .count();
    }

    private double runs(String verdict) {
        Counter c = registry.find("loadtest_runs_total").tag("verdict", verdict).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aDeletedTestsGaugesAreRemovedAndOthersStay() {
        metrics.update("perf", "gone", running());
        metrics.update("perf", "kept", running());
        assertThat(seriesOf("gone"))
                .describedAs("4 figures, 2 counters and 4 of the target")
                .isEqualTo(10);

        metrics.forget("perf", "gone", "uid-gone");

        assertThat(seriesOf("gone")).isZero();
        assertThat(seriesOf("kept")).isEqualTo(10);
        metrics.update("perf", "gone", running());
        assertThat(seriesOf("gone"))
                .describedAs("a reconcile still in flight does not bring them back")
                .isZero();
        metrics.created("perf", "gone");
        metrics.update("perf", "gone", running());
        assertThat(seriesOf("gone"))
                .describedAs("a new LoadTest of the same name has its own")
                .isEqualTo(10);
    }

    @Test
    void requestsAndFailuresAreCountersOfTheStatusFigures() {
        LoadTestStatus s = running();
        s.summary.requests = 500;
        s.summary.failures = 5;
        metrics.update("perf", "a", s);
        s.summary.requests = 800;
        s.summary.failures = 7;
        metrics.update("perf", "a", s);

        var requests = registry.find("loadtest_requests").tag("name", "a").functionCounter();
        var failures =
                registry.find("loadtest_request_failures").tag("name", "a").functionCounter();
        assertThat(requests).isNotNull();
        assertThat(requests.count()).isEqualTo(800);
        assertThat(failures.count()).isEqualTo(7);

        s.summary.requests = 600; // an Error run's stored figures, without a lost runner's requests
        s.summary.failures = 2;
        metrics.update("perf", "a", s);
        assertThat(requests.count()).describedAs("a counter never goes back").isEqualTo(800);
        assertThat(failures.count()).isEqualTo(7);
    }

    @Test
    void aRunIsCountedOnceHoweverOftenItsEndIsReported() {
        metrics.finished("perf", "a", "Passed");
        assertThat(runs("Passed"))
                .describedAs("a step's report alone counts nothing")
                .isZero();
        metrics.runEnded("uid-a", "Passed");
        metrics.runEnded("uid-a", "Passed");
        metrics.runEnded("uid-a", "Error");
        metrics.runEnded("uid-b", "Failed");
        assertThat(runs("Passed")).isEqualTo(1);
        assertThat(runs("Error")).isZero();
        assertThat(runs("Failed")).isEqualTo(1);
    }

    @Test
    void anInvalidLoadTestFixedAndRunIsTwoRuns() {
        LoadTestResource lt = new LoadTestResource();
        lt.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withUid("uid-c")
                .build());
        LoadTestStatus invalid = new LoadTestStatus();
        invalid.observedGeneration = 1L;
        LoadTestStatus fixed = new LoadTestStatus();
        fixed.observedGeneration = 2L;

        metrics.runEnded(LoadTestReconciler.runKey(lt, invalid), "Invalid");
        metrics.runEnded(LoadTestReconciler.runKey(lt, fixed), "Passed");
        metrics.runEnded(LoadTestReconciler.runKey(lt, fixed), "Passed");

        assertThat(runs("Invalid")).isEqualTo(1);
        assertThat(runs("Passed")).isEqualTo(1);
    }

    @Test
    void everyVerdictsRunsCounterIsThereFromTheStartAtZero() {
        for (String phase : new String[] {"Passed", "Failed", "Aborted", "Error", "Invalid"}) {
            assertThat(registry.find("loadtest_runs_total")
                            .tag("verdict", phase)
                            .counter())
                    .describedAs(phase)
                    .isNotNull()
                    .satisfies(c -> assertThat(c.count()).isZero());
        }
    }

    /** What Grafana draws: p95 in seconds (status has ms), the error rate as a ratio (status has %). */
    @Test
    void eachGaugeReadsTheStatusFigureInPrometheusUnits() {
        LoadTestStatus s = running();
        s.summary.p95 = 250.0;
        s.summary.errorPercent = 5.0;
        s.summary.requestsPerSecond = 42.5;
        s.users.current = 3;
        metrics.update("perf", "a", s);

        assertThat(gauge("loadtest_users")).isEqualTo(3.0);
        assertThat(gauge("loadtest_requests_per_second")).isEqualTo(42.5);
        assertThat(gauge("loadtest_p95_seconds")).isEqualTo(0.25);
        assertThat(gauge("loadtest_error_ratio")).isEqualTo(0.05);
    }

    private double gauge(String name) {
        var g = registry.find(name).tag("namespace", "perf").tag("name", "a").gauge();
        assertThat(g).describedAs(name).isNotNull();
        return g.value();
    }
}
