package dev.loadtest.api.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loadtest.api.model.LoadTest;
import java.util.List;

/** LoadTest documents for tests, and helpers to look at the problems they have. */
final class Docs {
    static final String HEADER = """
            apiVersion: loadtest.dev/v1alpha1
            kind: LoadTest
            metadata:
              name: unit-test
            """;

    /** A spec that is valid on its own: closed model, one task with a relative path. */
    static final String VALID_SPEC = """
            target:
              url: http://api.shop.svc:8080
            load:
              users: 10
              rampUp: 1m
              duration: 5m
            scenario:
              tasks:
                - name: home
                  request: {method: GET, path: /}
            """;

    private Docs() {}

    /** A whole document with the header and this spec (written at column 0, indented here). */
    static String withSpec(String spec) {
        return HEADER + "spec:\n" + spec.indent(2);
    }

    static LoadTest parse(String yaml) {
        return LoadTestParser.parse(yaml, "test.yaml");
    }

    /** Every problem of a document that must not parse. */
    static List<Problem> problems(String yaml) {
        InvalidLoadTestException e =
                catchThrowableOfType(InvalidLoadTestException.class, () -> LoadTestParser.parse(yaml, "test.yaml"));
        assertThat(e)
                .describedAs("expected the document to be invalid:%n%s", yaml)
                .isNotNull();
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.getMessage()).startsWith("test.yaml is invalid:");
        return e.problems();
    }

    /** The one problem of a document that is otherwise valid. */
    static Problem onlyProblem(String yaml) {
        List<Problem> problems = problems(yaml);
        assertThat(problems).describedAs("exactly one problem expected").hasSize(1);
        return problems.get(0);
    }

    /** The problem at {@code path}; fails listing every problem if there is none. */
    static Problem problemAt(List<Problem> problems, String path) {
        assertThat(problems)
                .describedAs("a problem at %s among %s", path, problems)
                .extracting(Problem::path)
                .contains(path);
        return problems.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }
}
