package dev.loadtest.api.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.threshold.Aggregation;
import dev.loadtest.api.threshold.Comparison;
import dev.loadtest.api.threshold.Metric;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.api.units.Durations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The four presets of the team's load-testing guide, and how a spec's own fields override them. */
class ProfileDefaultsTest {

    private static final String TARGET_AND_SCENARIO = """
              target:
                url: http://api:8080
              scenario:
                tasks:
                  - name: home
                    request: {path: /}
            """;

    /** The effective spec of a valid document with this profile and extra spec lines (indented 2). */
    private static LoadTestSpec effective(String profile, String extraSpec) {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata:
                  name: profile-test
                spec:
                  profile: %s
                """.formatted(profile) + TARGET_AND_SCENARIO + extraSpec.indent(2);
        LoadTest t = LoadTestParser.parse(yaml, "profile-test.yaml");
        return t.spec;
    }

    private static LoadTestSpec effective(String profile) {
        return effective(profile, "");
    }

    private static Threshold on(LoadTestSpec spec, Metric metric) {
        List<Threshold> matching = spec.thresholds.stream()
                .map(ThresholdParser::parse)
                .filter(t -> t.metric() == metric)
                .toList();
        assertThat(matching)
                .describedAs("one %s threshold in %s", metric.key, spec.thresholds)
                .hasSize(1);
        return matching.get(0);
    }

    @Test
    void smokeIsTenUsersForFiveMinutesWithStrictThresholds() {
        LoadTestSpec spec = effective("smoke");

        assertThat(spec.load.users).isEqualTo(10);
        assertThat(spec.load.steps).isNull();
        assertThat(spec.load.duration).isEqualTo("5m");
        assertThat(spec.load.rampUp).isEqualTo("1m");
        assertThat(spec.thinkTime.min).isEqualTo("5s");
        assertThat(spec.thinkTime.max).isEqualTo("10s");
        assertThat(spec.thresholds).hasSize(2);
        Threshold errors = on(spec, Metric.HTTP_REQ_FAILED);
        assertThat(errors.aggregation()).isEqualTo(Aggregation.RATE);
        assertThat(errors.comparison()).isEqualTo(Comparison.LT);
        assertThat(errors.limit()).describedAs("errors < 0.5%").isCloseTo(0.005, within(1e-12));
        Threshold p95 = on(spec, Metric.HTTP_REQ_DURATION);
        assertThat(p95.statistic()).isEqualTo("p(95)");
        assertThat(p95.comparison()).isEqualTo(Comparison.LT);
        assertThat(p95.limit()).describedAs("p95 < 500ms").isEqualTo(500.0);
    }

    @Test
    void baselineIsFiftyUsersForFifteenMinutes() {
        LoadTestSpec spec = effective("baseline");

        assertThat(spec.load.users).isEqualTo(50);
        assertThat(spec.load.duration).isEqualTo("15m");
        assertThat(spec.load.rampUp).isEqualTo("5m");
        assertThat(spec.thinkTime.min).isEqualTo("3s");
        assertThat(spec.thinkTime.max).isEqualTo("10s");
        assertThat(spec.thresholds).hasSize(2);
        assertThat(on(spec, Metric.HTTP_REQ_DURATION).limit())
                .describedAs("p95 < 500ms")
                .isEqualTo(500.0);
        assertThat(on(spec, Metric.HTTP_REQ_DURATION).statistic()).isEqualTo("p(95)");
        assertThat(on(spec, Metric.HTTP_REQ_FAILED).limit())
                .describedAs("errors < 1%")
                .isCloseTo(0.01, within(1e-12));
    }

    @Test
    void loadIsHundredUsersForThirtyMinutesJudgedOnLatencyAndErrors() {
        LoadTestSpec spec = effective("load");

        assertThat(spec.load.users).isEqualTo(100);
        assertThat(spec.load.duration).isEqualTo("30m");
        assertThat(spec.load.rampUp).isEqualTo("10m");
        assertThat(spec.thinkTime.min).isEqualTo("3s");
        assertThat(spec.thinkTime.max).isEqualTo("10s");
        assertThat(spec.thresholds).hasSize(2);
        assertThat(spec.thresholds)
                .describedAs("no throughput floor: 100 users thinking 3-10 s make ~15 req/s, not 80")
                .noneMatch(t -> ThresholdParser.parse(t).metric() == Metric.HTTP_REQS);
        assertThat(on(spec, Metric.HTTP_REQ_DURATION).limit())
                .describedAs("p95 < 800ms")
                .isEqualTo(800.0);
        assertThat(on(spec, Metric.HTTP_REQ_FAILED).limit())
                .describedAs("errors < 1%")
                .isCloseTo(0.01, within(1e-12));
    }

    /**
     * A closed user makes at most one request per mean think time, so users / mean think time bounds
     * the request rate from above (response times and the ramp-up only lower it). A preset floor
     * above that bound fails on any service, however healthy.
     */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyPresetThroughputFloorIsReachableByItsUsersAndThinkTime(Profile profile) {
        int peakUsers = profile.users != null ? profile.users : profile.steps.to;
        double meanThinkSeconds = (Durations.parse(profile.thinkMin).toMillis()
                        + Durations.parse(profile.thinkMax).toMillis())
                / 2000.0;
        double mostPerSecond = peakUsers / meanThinkSeconds;

        assertThat(profile.thresholds.stream().map(ThresholdParser::parse))
                .filteredOn(t -> t.metric() == Metric.HTTP_REQS && t.aggregation() == Aggregation.RATE)
                .filteredOn(t -> t.comparison() == Comparison.GT || t.comparison() == Comparison.GE)
                .allSatisfy(floor -> assertThat(floor.limit())
                        .describedAs(
                                "%s: %d users thinking %.1f s on average make at most %.1f req/s",
                                profile.id, peakUsers, meanThinkSeconds, mostPerSecond)
                        .isLessThanOrEqualTo(mostPerSecond));
    }

    @Test
    void stressStepsFromTwoHundredToFiveHundredByHundred() {
        LoadTestSpec spec = effective("stress");

        assertThat(spec.load.users).describedAs("steps instead of users").isNull();
        assertThat(spec.load.steps.from).isEqualTo(200);
        assertThat(spec.load.steps.to).isEqualTo(500);
        assertThat(spec.load.steps.step).isEqualTo(100);
        assertThat(spec.load.duration).isEqualTo("60m");
        assertThat(spec.load.rampUp).isEqualTo("20m");
        assertThat(spec.thinkTime.min).isEqualTo("3s");
        assertThat(spec.thinkTime.max).isEqualTo("10s");
        assertThat(spec.thresholds).singleElement().isEqualTo("http_req_failed: rate < 5%");
        assertThat(on(spec, Metric.HTTP_REQ_FAILED).limit())
                .describedAs("errors < 5%")
                .isCloseTo(0.05, within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyProfileIsFoundByItsIdAndItsThresholdsParse(Profile profile) {
        assertThat(Profile.byId(profile.id)).isSameAs(profile);
        assertThat(profile.thresholds).isNotEmpty().allSatisfy(ThresholdParser::parse);
    }

    @Test
    void profileIdsAreListedInGuideOrder() {
        assertThat(Profile.allIds()).isEqualTo("smoke, baseline, load, stress");
        assertThat(Profile.byId("Smoke")).describedAs("ids are case-sensitive").isNull();
    }

    @Test
    void fieldSetInTheSpecOverridesThePresetAndTheOthersRemain() {
        LoadTestSpec spec = effective("baseline", "load: {duration: 30m}\n");

        assertThat(spec.load.duration).isEqualTo("30m");
        assertThat(spec.load.users).isEqualTo(50);
        assertThat(spec.load.rampUp).isEqualTo("5m");
    }

    @Test
    void usersSetInTheSpecOverridesThePresetUsersOnly() {
        LoadTestSpec spec = effective("smoke", "load: {users: 3}\n");

        assertThat(spec.load.users).isEqualTo(3);
        assertThat(spec.load.duration).isEqualTo("5m");
        assertThat(spec.load.rampUp).isEqualTo("1m");
    }

    @Test
    void usersInTheSpecDropsTheStressSteps() {
        LoadTestSpec spec = effective("stress", "load: {users: 300}\n");

        assertThat(spec.load.users).isEqualTo(300);
        assertThat(spec.load.steps)
                .describedAs("users and steps would be two load models")
                .isNull();
        assertThat(spec.load.duration).isEqualTo("60m");
        assertThat(spec.load.rampUp).isEqualTo("20m");
    }

    @Test
    void stagesInTheSpecTakeNeitherDurationNorRampUpFromThePreset() {
        LoadTestSpec spec =
                effective("load", "load:\n  stages: [{duration: 1m, users: 10}, {duration: 1m, users: 0}]\n");

        assertThat(spec.load.users).isNull();
        assertThat(spec.load.stages).hasSize(2);
        assertThat(spec.load.duration).isNull();
        assertThat(spec.load.rampUp).isNull();
    }

    @Test
    void arrivalRateInTheSpecTakesTheDurationButNoRampUp() {
        LoadTestSpec spec = effective("baseline", "load: {arrivalRate: {rate: 20}, maxUsers: 100}\n");

        assertThat(spec.load.users).isNull();
        assertThat(spec.load.duration).isEqualTo("15m");
        assertThat(spec.load.rampUp).isNull();
    }

    @Test
    void thinkTimeFieldsOverrideThePresetOneByOne() {
        LoadTestSpec spec = effective("smoke", "thinkTime: {min: 1s}\n");
        assertThat(spec.thinkTime.min).isEqualTo("1s");
        assertThat(spec.thinkTime.max).describedAs("kept from the smoke preset").isEqualTo("10s");
        assertThat(spec.thinkTime.constant).isNull();
    }

    @Test
    void thinkTimeInTheSpecReplacesThePresetThinkTime() {
        LoadTestSpec spec = effective("smoke", "thinkTime: {constant: 1s}\n");

        assertThat(spec.thinkTime.constant).isEqualTo("1s");
        assertThat(spec.thinkTime.min).isNull();
        assertThat(spec.thinkTime.max).isNull();
    }

    @Test
    void specThresholdReplacesThePresetOneOnTheSameMetricAndStatisticAndKeepsTheOthers() {
        LoadTestSpec spec = effective("smoke", "thresholds: [\"http_req_duration: p(95) < 300ms\"]\n");

        assertThat(spec.thresholds)
                .containsExactlyInAnyOrder("http_req_failed: rate < 0.5%", "http_req_duration: p(95) < 300ms")
                .doesNotContain("http_req_duration: p(95) < 500ms");
        assertThat(on(spec, Metric.HTTP_REQ_DURATION).limit()).isEqualTo(300.0);
    }

    @Test
    void specThresholdOnAnotherStatisticOrEndpointIsAddedAlongsideThePresetOnes() {
        LoadTestSpec spec = effective(
                "smoke",
                "thresholds:\n  - \"http_req_duration: p(99) < 1s\"\n"
                        + "  - \"http_req_duration{name:home}: p(95) < 200ms\"\n  - \"checks: rate > 99%\"\n");

        assertThat(spec.thresholds)
                .containsExactlyInAnyOrder(
                        "http_req_failed: rate < 0.5%",
                        "http_req_duration: p(95) < 500ms",
                        "http_req_duration: p(99) < 1s",
                        "http_req_duration{name:home}: p(95) < 200ms",
                        "checks: rate > 99%");
    }

    @Test
    void specThresholdThatDoesNotParseIsReportedAtItsOwnIndexUnderAProfile() {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  profile: smoke
                  thresholds:
                    - "http_req_duration: p(95) < 300ms"
                    - "http_req_failed: rate < 5"
                """ + TARGET_AND_SCENARIO;
        InvalidLoadTestException e =
                catchThrowableOfType(InvalidLoadTestException.class, () -> LoadTestParser.parse(yaml, "t.yaml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path())
                    .describedAs("the index in the file, not in the merged list")
                    .isEqualTo("spec.thresholds[1]");
            assertThat(p.message()).contains("write 5%").contains("^");
        });
    }

    @Test
    void noProfileLeavesTheSpecAsWritten() {
        LoadTestSpec spec = new LoadTestSpec();
        ProfileDefaults.apply(spec);

        assertThat(spec.load).isNull();
        assertThat(spec.thinkTime).isNull();
        assertThat(spec.thresholds).isNull();
    }

    @Test
    void unknownProfileChangesNothing() {
        LoadTestSpec spec = new LoadTestSpec();
        spec.profile = "soak";
        ProfileDefaults.apply(spec);

        assertThat(spec.load).isNull();
        assertThat(spec.thresholds).isNull();
    }

    @Test
    void applyingAProfileDoesNotChangeTheDocumentAsWritten() {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  profile: stress
                  load: {users: 300}
                """ + TARGET_AND_SCENARIO;
        LoadTest written = LoadTestParser.parseAsWritten(yaml, "t.yaml");
        LoadTest effective = LoadTestParser.effective(written);

        assertThat(effective.spec.load.duration).isEqualTo("60m");
        assertThat(written.spec.load.duration)
                .describedAs("effective() works on a copy")
                .isNull();
        assertThat(written.spec.thresholds).isNull();
        assertThat(written.spec.thinkTime).isNull();
    }

    @Test
    void presetLoadIsAFreshCopyEachTime() {
        LoadTestSpec first = new LoadTestSpec();
        first.profile = "stress";
        ProfileDefaults.apply(first);
        first.load.steps.from = 1;

        LoadTestSpec second = new LoadTestSpec();
        second.profile = "stress";
        ProfileDefaults.apply(second);

        assertThat(second.load.steps.from)
                .describedAs("the preset is not shared and mutated")
                .isEqualTo(200);
    }
}
