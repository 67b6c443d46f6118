package dev.loadtest.operator.sim;

import dev.loadtest.operator.config.OperatorConfig;
import java.time.Duration;

/** Operator settings for tests that build the operator's parts by hand. */
public record TestConfig(String runnerAccess) implements OperatorConfig {
    public TestConfig() {
        this("direct");
    }

    @Override
    public String runnerImage() {
        return "runner";
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
    public Duration pollInterval() {
        return Duration.ofSeconds(3);
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public int pullConcurrency() {
        return 8;
    }
}
