package dev.loadtest.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated kubelet expands env values by Kubernetes' documented rules. */
class KubeletEnvTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "$(A)|x",
                "a$(A)b|axb",
                "$(MISSING)|$(MISSING)",
                "$$(A)|$(A)",
                "$$$(A)|$x",
                "$${vu.id}|${vu.id}",
                "${vu.id}|${vu.id}",
                "cost: 5$|cost: 5$",
                "$(A|$(A",
                "$x$|$x$",
            })
    void expandsAsTheKubeletDoes(String value, String seen) {
        assertThat(KubeletEnv.expand(value, Map.of("A", "x"))).isEqualTo(seen);
    }
}
