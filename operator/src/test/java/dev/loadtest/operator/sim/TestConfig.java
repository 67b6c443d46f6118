package dev.loadtest.operator.sim;

import dev.loadtest.operator.config.OperatorConfig;
import java.time.Duration;

/** Operator settings for tests that build the operator's parts by hand. */
public record TestConfig(String runnerImage, String runnerAccess, Duration pollInterval, Duration startTimeout)
        implements OperatorConfig {
    public TestConfig() {
        this("direct");
    }

    public TestConfig(String runnerAccess) {
        this("runner", runnerAccess, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    @Override
    public int agentPort() {
        return 8089;
    }

    @Override
    public int usersPerRunner() {
        return 250;
    }

    @Override
    public int maxConcurrentPerTarget() {
        return 1;
    }

    @Override
    public Duration startLead() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration runOverrun() {
        return Duration.ofSeconds(20);
    }

    @Override
    public int pullConcurrency() {
        return 16;
    }
}
