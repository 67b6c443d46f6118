package dev.loadtest.operator.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.operator.Specs;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunSizerTest {
    private static RunPlan plan(String spec) {
        return RunSizer.plan(LoadTestParser.effective(Specs.resource("t", spec).asLoadTest()).spec, 250);
    }

    @ParameterizedTest(name = "{0} users, {1} per runner -> {2} runners")
    @CsvSource({"1,250,1", "250,250,1", "251,250,2", "1000,250,4", "500,100,5", "7,2,4", "3,1,3"})
    void runnersAreUsersOverUsersPerRunnerRoundedUpAndSharesAddUp(int users, int perRunner, int runners) {
        RunPlan p = plan("""
                target: {url: "http://t:80"}
                load: {users: %d, duration: 1m}
                runners: {usersPerRunner: %d}
                scenario: {tasks: [{request: {path: /}}]}
                """.formatted(users, perRunner));
        assertThat(p.runners()).isEqualTo(runners);
        assertThat(Arrays.stream(p.usersPerRunner()).sum()).isEqualTo(users);
        assertThat(Arrays.stream(p.usersPerRunner()).max().getAsInt()
                        - Arrays.stream(p.usersPerRunner()).min().getAsInt())
                .describedAs("even split")
                .isLessThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "count {0} for {1} users -> {2} runners")
    @CsvSource({"4,10,4", "20,3,3"})
    void anExplicitCountIsKeptButNeverAboveTheUsers(int count, int users, int runners) {
        RunPlan p = plan("""
                target: {url: "http://t:80"}
                load: {users: %d, duration: 1m}
                runners: {count: %d}
                scenario: {tasks: [{request: {path: /}}]}
                """.formatted(users, count));
        assertThat(p.runners()).isEqualTo(runners);
        assertThat(Arrays.stream(p.usersPerRunner()).sum()).isEqualTo(users);
    }

    @org.junit.jupiter.api.Test
    void steppedStressIsSizedForItsPeakAndTheOpenModelForMaxUsers() {
        assertThat(plan("""
                profile: stress
                target: {url: "http://t:80"}
                scenario: {tasks: [{request: {path: /}}]}
                """).runners()).describedAs("500 users at peak").isEqualTo(2);
        assertThat(plan("""
                target: {url: "http://t:80"}
                load: {arrivalRate: {rate: 100}, maxUsers: 600, duration: 1m}
                scenario: {tasks: [{request: {path: /}}]}
                """).runners()).isEqualTo(3);
    }
}
