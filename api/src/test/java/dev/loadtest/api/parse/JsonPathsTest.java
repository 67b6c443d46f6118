package dev.loadtest.api.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathsTest {

    @Test
    void parsesFieldsIndexesAndQuotedFieldsIntoSegments() {
        assertThat(JsonPaths.parse("$.items[0].id")).containsExactly("items", 0, "id");
        assertThat(JsonPaths.parse("$['odd key'][\"x\"]")).containsExactly("odd key", "x");
        assertThat(JsonPaths.parse("$")).describedAs("the whole document").isEmpty();
    }

    @Test
    void pathNotStartingWithDollarShowsAnExample() {
        assertThatThrownBy(() -> JsonPaths.parse("access_token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found \"access_token\"")
                .hasMessageContaining("starts with $, e.g. $.access_token");
    }

    @ParameterizedTest(name = "{0}: character {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "$.items[x]   | 9 | expected an index like [0] or a quoted field like ['name']",
                "$.items[0    | 8 | '[' is not closed",
                "$.a..b       | 5 | expected a field name after '.'",
                "$x           | 2 | expected '.' or '['"
            })
    void malformedPathNamesTheCharacterAtFault(String path, int character, String what) {
        assertThatThrownBy(() -> JsonPaths.parse(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON path \"" + path + "\" at character " + character + ": " + what);
    }
}
