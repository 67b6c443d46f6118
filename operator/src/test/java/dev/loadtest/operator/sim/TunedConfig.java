package dev.loadtest.operator.sim;

import dev.loadtest.operator.config.OperatorConfig;
import java.time.Duration;

/** A {@link TestConfig} with some settings changed, for tests of what those settings do. */
public final class TunedConfig implements OperatorConfig {
    private final TestConfig base;
    private Duration runOverrun;
    private int resultIntervals;
    private int maxConcurrentPerTarget;

    public TunedConfig(TestConfig base) {
        this.base = base;
        this.runOverrun = base.runOverrun();
        this.resultIntervals = base.resultIntervals();
        this.maxConcurrentPerTarget = base.maxConcurrentPerTarget();
    }

    public TunedConfig maxConcurrentPerTarget(int n) {
        maxConcurrentPerTarget = n;
        return this;
    }

    public TunedConfig runOverrun(Duration d) {
        runOverrun = d;
        return this;
    }

    public TunedConfig resultIntervals(int n) {
        resultIntervals = n;
        return this;
    }

    @Override
    public String runnerImage() {
        return base.runnerImage();
    }

    @Override
    public int agentPort() {
        return base.agentPort();
    }

    @Override
    public int usersPerRunner() {
        return base.usersPerRunner();
    }

    @Override
    public int maxConcurrentPerTarget() {
        return maxConcurrentPerTarget;
    }

    @Override
    public Duration startLead() {
        return base.startLead();
    }

    @Override
    public Duration pollInterval() {
        return base.pollInterval();
    }

    @Override
    public Duration startTimeout() {
        return base.startTimeout();
    }

    @Override
    public String runnerAccess() {
        return base.runnerAccess();
    }

    @Override
    public Duration runOverrun() {
        return runOverrun;
    }

    @Override
    public int pullConcurrency() {
        return base.pullConcurrency();
    }

    @Override
    public int resultIntervals() {
        return resultIntervals;
    }
}
