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
 * What the CRD's schema refuses (maxItems, required fields, CEL rules) is refused locally too, with
 * the field, the rule and the fix, so a file that passes {@code loadtest validate} is accepted by
 * the cluster.
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

    /**
     * Every field {@code loadtest validate} reads as a duration carries the CRD's duration pattern, so
     * {@code kubectl apply} refuses "timeout: 10" or "per: soon" as the CLI does.
     */
    @Test
    void everyDurationFieldHasTheDurationPatternInTheCrd() throws Exception {
        String[][] durations = {
            {"Target", "timeout"}, {"Load", "duration"}, {"Load", "rampUp"}, {"Load", "gracefulStop"},
            {"Stage", "duration"}, {"ArrivalRate", "per"}, {"Step", "pause"}, {"Request", "timeout"},
            {"Check", "maxDuration"}, {"Runners", "startTimeout"}, {"Prometheus", "interval"}
        };
        for (String[] d : durations) {
            Field f = Class.forName("dev.loadtest.api.model." + d[0]).getField(d[1]);
            io.fabric8.generator.annotation.Pattern pattern =
                    f.getAnnotation(io.fabric8.generator.annotation.Pattern.class);
            assertThat(pattern)
                    .describedAs(d[0] + "." + d[1] + " has no @Pattern")
                    .isNotNull();
            java.util.regex.Pattern regex = java.util.regex.Pattern.compile(pattern.value());
            for (String ok : List.of("500ms", "1.5s", "1h30m", "250us", "0s")) {
                assertThat(regex.matcher(ok).matches())
                        .describedAs(d[1] + " takes " + ok)
                        .isTrue();
                dev.loadtest.api.units.Durations.parse(ok); // and the parser agrees
            }
            for (String bad : List.of("10", "soon", "-1s", "1 s")) {
                assertThat(regex.matcher(bad).matches())
                        .describedAs(d[1] + " refuses " + bad)
                        .isFalse();
            }
        }
    }

    @Test
    void theCrdBoundsChecksStatusAndArrivalRateAsTheValidatorDoes() throws Exception {
        Field status = dev.loadtest.api.model.Check.class.getField("status");
        assertThat(status.getAnnotation(io.fabric8.generator.annotation.Min.class)
                        .value())
                .isEqualTo(100);
        assertThat(status.getAnnotation(io.fabric8.generator.annotation.Max.class)
                        .value())
                .isEqualTo(599);
        assertThat(onlyProblem(withSpec(TARGET_AND_LOAD + """
                        scenario:
                          tasks:
                            - name: home
                              request: {path: /}
                              checks: [{status: 600}]
                        """)).path())
                .isEqualTo("spec.scenario.tasks[0].checks[0].status");
        var rate = dev.loadtest.api.model.ArrivalRate.class
                .getField("rate")
                .getAnnotation(io.fabric8.generator.annotation.Min.class);
        assertThat(rate.value()).isZero();
        assertThat(rate.inclusive()).describedAs("rate: 0 is refused").isFalse();
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

    @Test
    void runnerVolumeNeedsNameMountPathAndOneSource() {
        String runners = """
                runners:
                  volumes:
                    - {secret: certs}
                    - {name: a, mountPath: /a, persistentVolumeClaim: p, configMap: c}
                    - {name: b, mountPath: /b}
                """;
        List<Problem> problems = problems(withSpec(TARGET_AND_LOAD + SCENARIO + runners));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.runners.volumes[0].name",
                        "spec.runners.volumes[0].mountPath",
                        "spec.runners.volumes[1]",
                        "spec.runners.volumes[2]");
        assertThat(problemAt(problems, "spec.runners.volumes[0].name").message())
                .startsWith("is required")
                .contains("e.g. name: certs");
        assertThat(problemAt(problems, "spec.runners.volumes[0].mountPath").message())
                .startsWith("is required")
                .contains("mountPath: /etc/certs");
        assertThat(problemAt(problems, "spec.runners.volumes[1]").message())
                .isEqualTo("sets more than one of secret, configMap and persistentVolumeClaim; a volume mounts one"
                        + " of them, so keep one");
        assertThat(problemAt(problems, "spec.runners.volumes[2]").message())
                .isEqualTo("mounts nothing; set secret (a secret's name), configMap (a config map's name) or"
                        + " persistentVolumeClaim (a claim's name)");
    }

    @Test
    void runnerVolumeNamesAreDnsLabelsOfTheirOwn() {
        String runners = """
                runners:
                  volumes:
                    - {name: User_Certs, mountPath: /a, secret: s}
                    - {name: certs, mountPath: /b, secret: s}
                    - {name: certs, mountPath: /c, configMap: c}
                    - {name: loadtest-data-0, mountPath: /d, configMap: c}
                    - {name: ok-1, mountPath: /e, configMap: c}
                """;
        List<Problem> problems = problems(withSpec(TARGET_AND_LOAD + SCENARIO + runners));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.runners.volumes[0].name", "spec.runners.volumes[2].name", "spec.runners.volumes[3].name");
        assertThat(problemAt(problems, "spec.runners.volumes[0].name").message())
                .startsWith("found \"User_Certs\"; a volume's name is a DNS label")
                .endsWith("e.g. user-certs");
        assertThat(problemAt(problems, "spec.runners.volumes[2].name").message())
                .isEqualTo("found \"certs\" again; each volume needs a name of its own");
        assertThat(problemAt(problems, "spec.runners.volumes[3].name").message())
                .contains("are the operator's own");
    }

    @Test
    void runnerEnvIsCheckedLikeSpecEnv() {
        String runners = """
                runners:
                  env:
                    - {value: x}
                    - name: B
                      valueFrom:
                        secretKeyRef: {name: s, key: k}
                        configMapKeyRef: {name: c, key: k}
                    - name: C
                      valueFrom:
                        secretKeyRef: {name: s}
                """;
        List<Problem> problems = problems(withSpec(TARGET_AND_LOAD + SCENARIO + runners));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.runners.env[0].name",
                        "spec.runners.env[1].valueFrom",
                        "spec.runners.env[2].valueFrom.secretKeyRef.key");
        assertThat(problemAt(problems, "spec.runners.env[0].name").message())
                .isEqualTo("is required: the variable's name, used as ${env.NAME}");
        assertThat(problemAt(problems, "spec.runners.env[1].valueFrom").message())
                .startsWith("needs exactly one of secretKeyRef or configMapKeyRef");
        assertThat(problemAt(problems, "spec.runners.env[2].valueFrom.secretKeyRef.key")
                        .message())
                .isEqualTo("is required: the key within the secret");
    }

    @Test
    void envValueFromNamingNoSourceIsReported() {
        String env = """
                env:
                  - name: TOKEN
                    valueFrom: {}
                """;
        Problem p = onlyProblem(withSpec(TARGET_AND_LOAD + SCENARIO + env));

        assertThat(p.path()).isEqualTo("spec.env[0].valueFrom");
        assertThat(p.message()).contains("e.g. secretKeyRef: {name: api, key: token}");
    }

    @Test
    void dataConfigMapKeyRefNeedsNameAndKey() {
        String data = """
                data:
                  - name: users
                    configMapKeyRef: {key: users.csv}
                """;
        Problem p = onlyProblem(withSpec(TARGET_AND_LOAD + SCENARIO + data));

        assertThat(p.path()).isEqualTo("spec.data[0].configMapKeyRef.name");
        assertThat(p.message()).isEqualTo("is required: the config map's name");
    }

    @Test
    void stageWithoutDurationIsReported() {
        String load = """
                target:
                  url: http://api:8080
                load:
                  stages:
                    - {users: 10}
                """;
        Problem p = onlyProblem(withSpec(load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.stages[0].duration");
        assertThat(p.message()).isEqualTo("is required: how long the stage lasts, e.g. duration: 5m");
    }

    @Test
    void stepsWithoutFromAreReportedAsRequired() {
        String load = """
                target:
                  url: http://api:8080
                load:
                  steps: {to: 500, step: 100}
                  duration: 60m
                """;
        Problem p = onlyProblem(withSpec(load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.steps.from");
        assertThat(p.message()).isEqualTo("is required: the users of the first level, e.g. from: 100");
    }

    @Test
    void arrivalRateWithoutRateIsReportedAsRequired() {
        String load = """
                target:
                  url: http://api:8080
                load:
                  arrivalRate: {per: 1s}
                  maxUsers: 50
                  duration: 5m
                """;
        Problem p = onlyProblem(withSpec(load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.arrivalRate.rate");
        assertThat(p.message()).isEqualTo("is required: iterations started per period, e.g. rate: 100");
    }
}
