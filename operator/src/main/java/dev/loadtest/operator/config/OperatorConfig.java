package dev.loadtest.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operator settings (application.properties or LOADTEST_* environment variables). */
@ConfigMapping(prefix = "loadtest")
public interface OperatorConfig {
    /** Image of runner pods unless a LoadTest sets spec.runners.image. */
    @WithDefault("ghcr.io/loadtest-operator/loadtest-runner:0.1.0")
    String runnerImage();

    /** Port of the runner agent. */
    @WithDefault("8089")
    int agentPort();

    /** Users per runner unless a LoadTest says otherwise. */
    @WithDefault("250")
    int usersPerRunner();

    /** At most this many LoadTests load one target URL at a time; the rest wait in Queued. */
    @WithDefault("1")
    int maxConcurrentPerTarget();

    /** How far ahead of now the common start time is set, so every runner hears it in time. */
    @WithDefault("2s")
    Duration startLead();

    /**
     * At most this many intervals in a run's stored time series: the final merge of every runner
     * holds one series per interval and endpoint, so this bounds its memory (1,000 runners of 60
     * intervals x 20 endpoints: 42 MB, docs/benchmarks.md). Longer runs get longer intervals.
     */
    default int resultIntervals() {
        return 60;
    }

    /** How often a running test is polled and its status updated. */
    @WithDefault("3s")
    Duration pollInterval();

    /** Default spec.runners.startTimeout. */
    @WithDefault("5m")
    Duration startTimeout();

    /**
     * How the operator reaches runner agents: {@code direct} (pod IP and agent port; the operator
     * runs in the cluster) or {@code api-proxy} (through the API server's pod proxy, for an operator
     * running outside the cluster, e.g. on a laptop).
     */
    @WithDefault("direct")
    String runnerAccess();

    /**
     * How long past its planned end (start + load duration + gracefulStop) a run may take to
     * collect its results before it ends as an Error naming the runners not done.
     */
    @WithDefault("2m")
    Duration runOverrun();

    /** Most runner endpoints contacted at once. */
    @WithDefault("64")
    int pullConcurrency();
}
