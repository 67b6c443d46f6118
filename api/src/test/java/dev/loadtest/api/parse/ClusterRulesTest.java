package dev.loadtest.api.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What only a run in a cluster needs: the operator's rules, and {@code loadtest validate --cluster}'s. */
class ClusterRulesTest {
    private static List<Problem> problems(String spec) {
        return ClusterRules.validate(LoadTestParser.parseAsWritten(
                "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n" + spec.indent(2),
                "t.yaml"));
    }

    private static final String BASE = """
            target: {url: "http://api:8080"}
            load: {users: 10, duration: 5m}
            """;

    @Test
    void aLocalDataFileIsRefusedWithTheConfigMapFix() {
        List<Problem> problems = problems(BASE + """
                data: [{name: users, file: users.csv}]
                scenario: {tasks: [{name: home, request: {path: /}}]}
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.data[0].file");
            assertThat(p.message())
                    .isEqualTo("a runner pod cannot read a local file; put the CSV in a config map and use"
                            + " configMapKeyRef: {name, key}, or mount a volume holding it (spec.runners.volumes,"
                            + " e.g. a persistentVolumeClaim for files over 1 MiB) and give its absolute path"
                            + " under the volume's mountPath");
        });
        assertThat(problems(BASE + """
                        data: [{name: users, configMapKeyRef: {name: users, key: users.csv}}]
                        scenario: {tasks: [{name: home, request: {path: /}}]}
                        """)).isEmpty();
    }

    @Test
    void anEnvironmentVariableMustBeDeclaredInTheSpec() {
        String scenario = """
                scenario:
                  tasks: [{name: home, request: {path: /, headers: {Authorization: "Bearer ${env.TOKEN}"}}}]
                """;

        assertThat(problems(BASE + scenario)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.headers.Authorization");
            assertThat(p.message())
                    .isEqualTo("${env.TOKEN} is not declared; add {name: TOKEN, valueFrom: {secretKeyRef:"
                            + " {name: ..., key: ...}}} (or value) to spec.env");
        });
        assertThat(problems(
                        BASE + "env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}]\n" + scenario))
                .isEmpty();
        assertThat(problems(BASE + "runners: {env: [{name: TOKEN, value: t}]}\n" + scenario))
                .describedAs("declared for the runners")
                .isEmpty();
    }

    @Test
    void anEnvironmentVariableInTheTargetUrlMustBeDeclaredInTheSpec() {
        String spec = """
                target: {url: "${env.BASE_URL}"}
                load: {users: 10, duration: 5m}
                scenario: {tasks: [{name: home, request: {path: /}}]}
                """;

        assertThat(problems(spec)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.target.url");
            assertThat(p.message())
                    .isEqualTo("${env.BASE_URL} is not declared; add {name: BASE_URL, valueFrom: {secretKeyRef:"
                            + " {name: ..., key: ...}}} (or value) to spec.env");
        });
        assertThat(problems(spec + "env: [{name: BASE_URL, valueFrom: {configMapKeyRef: {name: env, key: url}}}]\n"))
                .isEmpty();
        assertThat(problems(spec + "runners: {env: [{name: BASE_URL, value: \"http://api:8080\"}]}\n"))
                .describedAs("declared for the runners")
                .isEmpty();
    }

    @Test
    void theRunnersIndexAndCountAreSetInEveryPod() {
        assertThat(problems(BASE + """
                        scenario:
                          tasks: [{request: {path: "/shard/${env.LOADTEST_RUNNER_INDEX}/of/${env.LOADTEST_RUNNER_COUNT}"}}]
                        """)).isEmpty();
    }

    @Test
    void theRulesOfEveryRunComeFirst() {
        assertThat(problems(BASE.replace("5m", "-5m") + "scenario: {tasks: [{name: home, request: {path: /}}]}\n"))
                .extracting(Problem::path)
                .contains("spec.load.duration");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "http://127.0.0.1:8080, true",
        "http://127.9.0.1, true",
        "http://localhost, true",
        "https://LOCALHOST:8443/api, true",
        "http://api.localhost, true",
        "http://[::1]:8080, true",
        "http://0.0.0.0:80, true",
        "http://my-api.shop:8080, false",
        "http://10.0.0.1, false",
        "http://128.0.0.1, false",
        "'${env.BASE_URL}', false"
    })
    void aLoopbackTargetIsAWarningNotAProblem(String url, boolean warned) {
        var written = LoadTestParser.parseAsWritten(
                "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n"
                        + ("target: {url: \"" + url + "\"}\nload: {users: 1, duration: 1s}\n"
                                        + "env: [{name: BASE_URL, value: \"http://127.0.0.1\"}]\n"
                                        + "scenario: {tasks: [{request: {path: /}}]}")
                                .indent(2),
                "t.yaml");

        assertThat(ClusterRules.validate(written)).isEmpty();
        assertThat(ClusterRules.warnings(written))
                .extracting(Problem::path)
                .containsExactlyElementsOf(warned ? List.of("spec.target.url") : List.of());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "/data/users.csv, true",
        "/data/sets/2026/users.csv, true",
        "/data/../etc/users.csv, false",
        "/data, false",
        "/database/users.csv, false",
        "data/users.csv, false",
        "users.csv, false"
    })
    void aDataFileIsReadInAPodFromAMountedVolumeOnly(String file, boolean allowed) {
        List<Problem> problems = problems("""
                target: {url: "http://api:8080"}
                load: {users: 1, duration: 1s}
                data: [{name: users, file: "%s"}]
                runners: {volumes: [{name: data, mountPath: /data, persistentVolumeClaim: users}]}
                scenario: {tasks: [{request: {path: "/u/${data.users.id}"}}]}
                """.formatted(file));

        if (allowed) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("spec.data[0].file");
                assertThat(p.message())
                        .contains("configMapKeyRef")
                        .contains("give its absolute path under the volume's mountPath");
            });
        }
    }
}
