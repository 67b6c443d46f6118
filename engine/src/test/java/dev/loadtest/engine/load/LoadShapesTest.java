package dev.loadtest.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.engine.Runs;
import org.junit.jupiter.api.Test;

class LoadShapesTest {
    private static final long S = 1_000_000_000L;

    private static LoadShape shape(String load) {
        LoadTest t = Runs.parse(Runs.spec("http://127.0.0.1:1", load, "scenario: {tasks: [{request: {path: /}}]}"));
        return LoadShapes.of(t.spec.load);
    }

    @Test
    void rampUpThenHold() {
        ClosedShape s = (ClosedShape) shape("{users: 50, rampUp: 5m, duration: 15m}");
        assertThat(s.totalNanos()).isEqualTo(900 * S);
        assertThat(s.usersAt(0)).isZero();
        assertThat(s.usersAt(150 * S)).isEqualTo(25);
        assertThat(s.usersAt(300 * S)).isEqualTo(50);
        assertThat(s.usersAt(899 * S)).isEqualTo(50);
    }

    @Test
    void stagesRampUpAndDownLikeK6() {
        ClosedShape s = (ClosedShape)
                shape("{stages: [{duration: 10s, users: 10}, {duration: 10s, users: 10}, {duration: 10s, users: 0}]}");
        assertThat(s.usersAt(5 * S)).isEqualTo(5);
        assertThat(s.usersAt(15 * S)).isEqualTo(10);
        assertThat(s.usersAt(25 * S)).isEqualTo(5);
        assertThat(s.totalNanos()).isEqualTo(30 * S);
    }

    @Test
    void steppedStressHoldsEachLevelForAnEqualShare() {
        LoadTest t = Runs.parse("""
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  profile: stress
                  target: {url: "http://127.0.0.1:1"}
                  scenario: {tasks: [{request: {path: /}}]}
                """);
        ClosedShape s = (ClosedShape) LoadShapes.of(t.spec.load);
        assertThat(s.totalNanos()).isEqualTo(3600 * S);
        assertThat(s.usersAt(600 * S)).describedAs("halfway up the 20 min ramp").isEqualTo(100);
        // after the ramp, 4 levels (200, 300, 400, 500) of 10 minutes each
        assertThat(s.usersAt(1200 * S + 1)).isEqualTo(200);
        assertThat(s.usersAt(1800 * S + 1)).isEqualTo(300);
        assertThat(s.usersAt(2400 * S + 1)).isEqualTo(400);
        assertThat(s.usersAt(3000 * S + 1)).isEqualTo(500);
        assertThat(s.peakUsers()).isEqualTo(500);
    }

    @Test
    void arrivalRatePerMinuteBecomesPerSecond() {
        OpenShape s = (OpenShape) shape("{arrivalRate: {rate: 600, per: 1m}, maxUsers: 50, duration: 2m}");
        assertThat(s.perSecond()).isEqualTo(10.0);
        assertThat(s.maxUsers()).isEqualTo(50);
        assertThat(s.totalNanos()).isEqualTo(120 * S);
    }
}
