package dev.loadtest.api.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentagesTest {

    @ParameterizedTest(name = "{0} is the fraction {1}")
    @CsvSource({"1%, 0.01", "0.5%, 0.005", "99%, 0.99", "100%, 1.0", "0%, 0.0", "' 5 % ', 0.05"})
    void percentageBecomesAFraction(String text, double fraction) {
        assertThat(Percentages.parse(text)).isCloseTo(fraction, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0.01", "one%", "%", "1%%"})
    void valueThatIsNotAPercentageIsRejectedWithAnExample(String text) {
        assertThatThrownBy(() -> Percentages.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found \"" + text + "\"")
                .hasMessageContaining("expected a percentage such as 1% or 0.5%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1%", "-0.5%"})
    void negativePercentageIsRejectedSayingItCannotBeNegative(String text) {
        assertThatThrownBy(() -> Percentages.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be negative");
    }
}
