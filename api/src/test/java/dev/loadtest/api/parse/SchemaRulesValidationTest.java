package dev.loadtest.api.parse;

import static dev.loadtest.api.parse.Docs.onlyProblem;
import static dev.loadtest.api.parse.Docs.problemAt;
import static dev.loadtest.api.parse.Docs.problems;
import static dev.loadtest.api.parse.Docs.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.Limits;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the CRD's schema refuses (maxItems) is refused locally too, with the field, the rule and the
 * fix, so a file that passes {@code loadtest validate} is accepted by the cluster.
 */
class SchemaRulesValidationTest {
    private static final String TARGET_AND_LOAD = """
            target:
              url: http://api:8080
            load:
              users: 10
              duration: 5m
            """;

    private static final String SCENARIO = """
            scenario:
              tasks:
                - name: home
                  request: {path: /}
            """;

    private static String userClasses(int n) {
        StringBuilder b = new StringBuilder("scenario:\n  userClasses:\n");
        for (int i = 0; i < n; i++) {
            b.append("    - name: c").append(i).append("\n      tasks: [{request: {path: /}}]\n");
        }
        return b.toString();
    }

    @Test
    void moreUserClassesThanTheCrdAllowsNamesTheLimitAndTheFix() {
        Problem p = onlyProblem(withSpec(TARGET_AND_LOAD + userClasses(Limits.USER_CLASSES + 1)));

        assertThat(p.path()).isEqualTo("spec.scenario.userClasses");
        assertThat(p.message())
                .startsWith("has 21 items; at most 20 are allowed")
                .contains("which a cluster enforces too")
                .describedAs("says how to fix it")
                .contains("remove 1, or split the test into several LoadTests");
    }

    @Test
    void exactlyTheLimitIsFine() {
        LoadTest t = Docs.parse(withSpec(TARGET_AND_LOAD + userClasses(Limits.USER_CLASSES)));

        assertThat(t.spec.scenario.userClasses).hasSize(Limits.USER_CLASSES);
    }

    @Test
    void aNestedListOverItsLimitIsReportedAtItsOwnPath() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < Limits.STEPS + 3; i++) {
            steps.append("        - request: {path: /s").append(i).append("}\n");
        }
        String scenario = "scenario:\n  tasks:\n    - name: flow\n      steps:\n" + steps;

        Problem p = onlyProblem(withSpec(TARGET_AND_LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].steps");
        assertThat(p.message())
                .startsWith("has 53 items; at most 50 are allowed")
                .contains("remove 3");
    }

    @Test
    void tooManyThresholdsAreReportedAsWritten() {
        StringBuilder thresholds = new StringBuilder("thresholds:\n");
        for (int i = 0; i <= Limits.THRESHOLDS; i++) {
            thresholds.append("  - \"http_req_duration{name:e").append(i).append("}: p(95) < 500ms\"\n");
        }
        List<Problem> problems = problems(withSpec(TARGET_AND_LOAD + SCENARIO + thresholds));

        assertThat(problemAt(problems, "spec.thresholds").message()).startsWith("has 201 items; at most 200");
    }

    /** Local checks and the CRD read the same annotation; a list without one would go unbounded in both. */
    @Test
    void everyListOfTheSpecIsBoundedInTheModel() {
        List<String> unbounded = new ArrayList<>();
        unboundedLists(LoadTestSpec.class, "spec", new HashSet<>(), unbounded);
        assertThat(unbounded)
                .describedAs("lists without @Size(max = Limits...): the CRD would have no maxItems")
                .isEmpty();
    }

    private static void unboundedLists(Class<?> type, String path, Set<Class<?>> seen, List<String> out) {
        if (!type.getPackageName().equals(LoadTestSpec.class.getPackageName()) || !seen.add(type)) {
            return;
        }
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String p = path + "." + f.getName();
            if (List.class.isAssignableFrom(f.getType())) {
                Size size = f.getAnnotation(Size.class);
                if (size == null || size.max() == Long.MAX_VALUE) {
                    out.add(p);
                }
                Type item = ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
                if (item instanceof Class<?> c) {
                    unboundedLists(c, p + "[]", seen, out);
                }
            } else if (!Map.class.isAssignableFrom(f.getType())) {
                unboundedLists(f.getType(), p, seen, out);
            }
        }
    }
}
