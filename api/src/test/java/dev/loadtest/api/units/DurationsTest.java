package dev.loadtest.api.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    static Stream<Arguments> validDurations() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("2h15m30s", Duration.ofHours(2).plusMinutes(15).plusSeconds(30)),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of("0.25m", Duration.ofSeconds(15)),
                Arguments.of("250us", Duration.ofNanos(250_000)),
                Arguments.of("250µs", Duration.ofNanos(250_000)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("  10s  ", Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("validDurations")
    void parsesGoStyleDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "-1s", " -500ms"})
    void negativeDurationIsRejectedSayingItCannotBeNegative(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void numberWithoutUnitIsRejectedWithAHintShowingTheUnitsToAdd() {
        assertThatThrownBy(() -> Durations.parse("30"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"30\" without a unit")
                .describedAs("the hint spells out the number with each plausible unit")
                .hasMessageContaining("30s")
                .hasMessageContaining("30ms")
                .hasMessageContaining("30m");
    }

    @Test
    void decimalWithoutUnitIsRejectedWithTheSameHint() {
        assertThatThrownBy(() -> Durations.parse("1.5"))
                .hasMessageContaining("without a unit")
                .hasMessageContaining("1.5s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "5 m", "5min", "1d", "m5", "1h30", "5m garbage", "1..5s", "5M"})
    void garbageIsRejectedNamingWhatWasFoundAndTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found \"" + text + "\"")
                .hasMessageContaining(Durations.EXPECTED);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptyValueIsRejectedAsEmpty(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty value")
                .hasMessageContaining(Durations.EXPECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3000000h", "3000000h1s", "99999999999999999999s"})
    void durationTooLongForNanosecondsIsRejectedInsteadOfWrappingNegative(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("found \"" + text + "\"; that duration is too long");
    }

    @Test
    void longButRepresentableDurationIsAccepted() {
        assertThat(Durations.parse("100000h")).isEqualTo(Duration.ofHours(100_000));
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of(Duration.ZERO, "0s"),
                Arguments.of(Duration.ofSeconds(30), "30s"),
                Arguments.of(Duration.ofMinutes(5), "5m"),
                Arguments.of(Duration.ofMinutes(90), "1h30m"),
                Arguments.of(Duration.ofHours(1).plusSeconds(5), "1h5s"),
                Arguments.of(Duration.ofMillis(1500), "1.5s"),
                Arguments.of(Duration.ofMillis(250), "250ms"),
                Arguments.of(Duration.ofNanos(120_000), "120µs"));
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @MethodSource("formats")
    void formatsCompactlyForPeople(Duration d, String expected) {
        assertThat(Durations.format(d)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "30s", "5m", "1h30m", "1.5s", "250us", "2h0m1s", "0s", "90m"})
    void formatThenParseGivesTheSameDuration(String text) {
        Duration d = Durations.parse(text);
        String formatted = Durations.format(d);
        assertThat(Durations.parse(formatted))
                .describedAs("parse(format(parse(%s))) where format gave %s", text, formatted)
                .isEqualTo(d);
    }

    @Test
    void formatPrefersTheLargestUnits() {
        assertThat(Durations.format(Durations.parse("90m"))).isEqualTo("1h30m");
        assertThat(Durations.format(Durations.parse("250us"))).isEqualTo("250µs");
    }
}
