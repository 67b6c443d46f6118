package dev.loadtest.api.parse;

import static dev.loadtest.api.parse.Docs.VALID_SPEC;
import static dev.loadtest.api.parse.Docs.onlyProblem;
import static dev.loadtest.api.parse.Docs.parse;
import static dev.loadtest.api.parse.Docs.problemAt;
import static dev.loadtest.api.parse.Docs.problems;
import static dev.loadtest.api.parse.Docs.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.model.LoadTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meaning: rules a schema cannot express, each reported with the path of the field at fault. */
class SemanticValidationTest {

    private static final String SCENARIO = """
            scenario:
              tasks:
                - name: home
                  request: {path: /}
            """;

    private static final String TARGET = """
            target:
              url: http://api:8080
            """;

    private static final String LOAD = """
            load:
              users: 10
              duration: 5m
            """;

    @Test
    void validSpecHasNoProblems() {
        LoadTest t = Docs.parse(withSpec(TARGET + LOAD + SCENARIO));
        assertThat(t.spec.load.users).isEqualTo(10);
    }

    @Test
    void negativeRampUpIsReportedAtItsPath() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + "  rampUp: -5m\n" + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.rampUp");
        assertThat(p.message()).isEqualTo("found \"-5m\"; a duration cannot be negative");
    }

    @Test
    void durationWithoutUnitIsReportedWithTheHint() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD.replace("5m", "300") + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.duration");
        assertThat(p.message()).contains("\"300\" without a unit").contains("300s");
    }

    @Test
    void rampUpLongerThanDurationNamesBothValues() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + "  rampUp: 10m\n" + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.rampUp");
        assertThat(p.message())
                .contains("(10m) is longer than spec.load.duration (5m)")
                .describedAs("explains how to fix it")
                .contains("make rampUp shorter or duration longer");
    }

    @Test
    void unknownProfileListsTheFourProfiles() {
        List<Problem> problems = problems(withSpec("profile: soak\n" + TARGET + LOAD + SCENARIO));

        Problem p = problemAt(problems, "spec.profile");
        assertThat(p.message()).isEqualTo("found \"soak\"; expected one of smoke, baseline, load, stress");
        assertThat(problems).hasSize(1);
    }

    @Test
    void missingTargetUrlSaysHowToGiveOne() {
        Problem p = onlyProblem(withSpec(LOAD + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.target.url");
        assertThat(p.message()).contains("is required").contains("url: http://").contains("--target URL");
    }

    @Test
    void targetUrlIsNotNeededWhenEveryRequestIsAbsolute() {
        LoadTest t = Docs.parse(withSpec(LOAD + SCENARIO.replace("{path: /}", "{url: https://example.com/}")));
        assertThat(t.spec.target).isNull();
    }

    @Test
    void targetUrlWithoutHttpSchemeIsRejected() {
        Problem p = onlyProblem(withSpec(TARGET.replace("http://api:8080", "ftp://api") + LOAD + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.target.url");
        assertThat(p.message()).contains("found \"ftp://api\"").contains("http:// or https:// URL with a host");
    }

    @Test
    void targetUrlMayComeFromTheEnvironmentAsCiPassesABaseUrl() {
        LoadTest t = Docs.parse(withSpec(TARGET.replace("http://api:8080", "\"${env.BASE_URL}\"") + LOAD + SCENARIO));
        assertThat(t.spec.target.url).isEqualTo("${env.BASE_URL}");
        assertThat(Docs.parse(withSpec(TARGET.replace("http://api:8080", "\"https://${env.HOST}:${env.PORT}/v1\"")
                                + LOAD
                                + SCENARIO))
                        .spec
                        .target
                        .url)
                .describedAs("parts of the URL too")
                .isEqualTo("https://${env.HOST}:${env.PORT}/v1");
    }

    @Test
    void targetUrlRefusesReferencesThatAreNotEnvironmentVariables() {
        for (String ref : List.of("${data.hosts.url}", "${vu.id}", "${token}")) {
            Problem p = onlyProblem(
                    withSpec(TARGET.replace("http://api:8080", "\"http://api:8080/" + ref + "\"") + LOAD + SCENARIO));

            assertThat(p.path()).isEqualTo("spec.target.url");
            assertThat(p.message())
                    .describedAs(ref)
                    .isEqualTo(ref + " cannot be used here: the base URL is fixed for the run, so it may refer only"
                            + " to environment variables (write e.g. url: \"${env.BASE_URL}\"); a URL that changes"
                            + " per user or request goes in the request's url");
        }
    }

    @Test
    void requestWithBothPathAndUrlAsksToKeepOne() {
        Problem p = onlyProblem(
                withSpec(TARGET + LOAD + SCENARIO.replace("{path: /}", "{path: /, url: http://other:8080/}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request");
        assertThat(p.message()).isEqualTo("sets path and url; keep one");
    }

    @Test
    void requestWithNeitherPathNorUrlIsReported() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO.replace("{path: /}", "{method: GET}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request");
        assertThat(p.message()).contains("needs path").contains("or url");
    }

    @Test
    void pathWithoutLeadingSlashSuggestsTheFixedPath() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO.replace("{path: /}", "{path: api/query}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.path");
        assertThat(p.message()).isEqualTo("found \"api/query\"; a path starts with /, e.g. /api/query");
    }

    @Test
    void pathStartingWithATemplateIsAccepted() {
        Docs.parse(withSpec(TARGET + LOAD + "env: [{name: PREFIX, value: /v1}]\n"
                + SCENARIO.replace("{path: /}", "{path: \"${env.PREFIX}/query\"}")));
    }

    @Test
    void unknownMethodListsTheAllowedMethods() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO.replace("{path: /}", "{method: FETCH, path: /}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.method");
        assertThat(p.message())
                .isEqualTo("found \"FETCH\"; expected one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    }

    @Test
    void variableUsedWithoutAnExtractInItsClassSaysHowToFixIt() {
        String scenario = """
                scenario:
                  tasks:
                    - name: upload
                      request:
                        path: /api/documents
                        headers: {Authorization: "Bearer ${token}"}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.headers.Authorization");
        assertThat(p.message())
                .contains("${token} is not defined")
                .contains("no extract in this user class sets 'token'")
                .describedAs("both ways to fix it: extract it, or read it from the environment")
                .contains("add extract: {token: ...} to an onStart step")
                .contains("${env.token}");
    }

    @Test
    void variableExtractedInAnotherClassIsNotDefinedInThisOne() {
        String scenario = """
                scenario:
                  userClasses:
                    - name: admin
                      onStart:
                        - request: {method: POST, path: /login}
                          extract: {token: $.access_token}
                      tasks:
                        - request: {path: /admin, headers: {Authorization: "Bearer ${token}"}}
                    - name: regular
                      tasks:
                        - request: {path: /me, headers: {Authorization: "Bearer ${token}"}}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.userClasses[1].tasks[0].request.headers.Authorization");
        assertThat(p.message()).contains("${token} is not defined");
    }

    @Test
    void variableExtractedByAnotherTaskOfTheSameClassIsDefined() {
        String scenario = """
                scenario:
                  tasks:
                    - request: {path: "/orders/${order}"}
                    - request: {method: POST, path: /orders}
                      extract: {order: "header:Location"}
                """;
        Docs.parse(withSpec(TARGET + LOAD + scenario));
    }

    @Test
    void dataReferenceWithoutDeclaredDataFileSaysHowToDeclareIt() {
        String scenario = """
                scenario:
                  tasks:
                    - request: {method: POST, path: /q, json: {q: "${data.nope.col}"}}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.json.q");
        assertThat(p.message())
                .isEqualTo("${data.nope.col} refers to no data file; declare spec.data: [{name: nope, file: ...}]");
    }

    @Test
    void invalidTemplateIsReportedAtTheFieldThatHoldsIt() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO.replace("{path: /}", "{path: \"/q/${id\"}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.path");
        assertThat(p.message()).contains("'${' at character 4 is not closed");
    }

    @Test
    void extractRegexThatDoesNotCompileIsReportedWithItsPosition() {
        String scenario = """
                scenario:
                  tasks:
                    - request: {path: /}
                      extract: {id: "regex:id=([0-9+"}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].extract.id");
        assertThat(p.message()).startsWith("is not a valid regex: ").contains("near character");
    }

    @Test
    void extractRegexWithoutCapturingGroupSaysToAddOne() {
        String scenario = """
                scenario:
                  tasks:
                    - request: {path: /}
                      extract: {id: "regex:id=[0-9]+"}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].extract.id");
        assertThat(p.message()).isEqualTo("the regex has no capturing group; wrap the value in ( )");
    }

    @Test
    void extractThatIsNeitherJsonPathNorHeaderNorRegexListsTheForms() {
        String scenario = """
                scenario:
                  onStart:
                    - request: {path: /login}
                      extract: {token: access_token}
                  tasks:
                    - request: {path: /}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.onStart[0].extract.token");
        assertThat(p.message()).contains("\"$.json.path\", \"header:Name\" or \"regex:pattern(group)\"");
    }

    @Test
    void badJsonPathInACheckIsReportedWithItsCharacter() {
        String scenario = """
                scenario:
                  tasks:
                    - request: {path: /}
                      checks: [{json: {path: "$.items[x]"}}]
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].checks[0].json.path");
        assertThat(p.message()).contains("at character 9").contains("expected an index like [0]");
    }

    @Test
    void thresholdParseErrorIsReportedAtItsIndexWithTheCaret() {
        String thresholds = """
                thresholds:
                  - "http_req_duration: p(95) < 500ms"
                  - "http_req_duration: p(95) < 500xs"
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + thresholds));

        assertThat(p.path()).isEqualTo("spec.thresholds[1]");
        assertThat(p.message())
                .contains("unknown unit 'xs'")
                .contains("http_req_duration: p(95) < 500xs")
                .contains("^");
        String[] lines = p.message().split("\n");
        assertThat(lines[2].indexOf('^') - lines[1].indexOf("http_req_duration"))
                .describedAs("caret under the x of 500xs")
                .isEqualTo("http_req_duration: p(95) < 500xs".indexOf("xs"));
    }

    @Test
    void windowInAThresholdIsAnErrorButInAnAbortRuleIsAllowed() {
        String rule = "\"http_req_failed: rate > 5% for 1m\"";
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + "thresholds: [" + rule + "]\n"));
        assertThat(p.path()).isEqualTo("spec.thresholds[0]");
        assertThat(p.message()).contains("belongs to abort rules (spec.abort)");

        LoadTest t = Docs.parse(withSpec(TARGET + LOAD + SCENARIO + "abort: [" + rule + "]\n"));
        assertThat(t.spec.abort).containsExactly("http_req_failed: rate > 5% for 1m");
    }

    @Test
    void badAbortRuleIsReportedAtItsIndex() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + "abort: [\"http_req_failed: rate > 5% for\"]\n"));

        assertThat(p.path()).isEqualTo("spec.abort[0]");
        assertThat(p.message())
                .contains("the window after 'for' must be a duration")
                .contains("^");
    }

    @Test
    void thinkTimeMinLongerThanMaxIsReportedAtMin() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + "thinkTime: {min: 10s, max: 3s}\n"));

        assertThat(p.path()).isEqualTo("spec.thinkTime.min");
        assertThat(p.message()).isEqualTo("(10s) is longer than max (3s)");
    }

    @Test
    void thinkTimeWithOnlyMinAsksForBoth() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + "thinkTime: {min: 3s}\n"));

        assertThat(p.path()).isEqualTo("spec.thinkTime");
        assertThat(p.message()).contains("needs both min and max");
    }

    @Test
    void thinkTimeWithConstantAndRangeAsksToKeepOne() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + SCENARIO + "thinkTime: {constant: 1s, min: 1s, max: 2s}\n"));

        assertThat(p.path()).isEqualTo("spec.thinkTime");
        assertThat(p.message()).isEqualTo("sets constant and min/max; keep one");
    }

    @Test
    void userClassThinkTimeIsCheckedAtItsOwnPath() {
        String scenario = """
                scenario:
                  userClasses:
                    - name: a
                      thinkTime: {min: 5s, max: 1s}
                      tasks: [{request: {path: /}}]
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.userClasses[0].thinkTime.min");
        assertThat(p.message()).contains("is longer than max");
    }

    @Test
    void arrivalRateWithoutMaxUsersSaysWhatMaxUsersIs() {
        String load = """
                load:
                  arrivalRate: {rate: 50, per: 1s}
                  duration: 5m
                """;
        Problem p = onlyProblem(withSpec(TARGET + load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.maxUsers");
        assertThat(p.message()).startsWith("is required with arrivalRate").contains("dropped");
    }

    @Test
    void maxUsersWithoutArrivalRateIsReported() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD + "  maxUsers: 50\n" + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.maxUsers");
        assertThat(p.message()).contains("applies only to the open model");
    }

    @Test
    void openModelWithMaxUsersIsValid() {
        String load = """
                load:
                  arrivalRate: {rate: 50, per: 1s}
                  maxUsers: 200
                  duration: 5m
                """;
        LoadTest t = Docs.parse(withSpec(TARGET + load + SCENARIO));
        assertThat(t.spec.load.arrivalRate.rate).isEqualTo(50.0);
    }

    @Test
    void twoLoadModelsAtOnceAskToKeepOne() {
        String load = """
                load:
                  users: 10
                  steps: {from: 10, to: 50, step: 10}
                  duration: 5m
                """;
        Problem p = onlyProblem(withSpec(TARGET + load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load");
        assertThat(p.message())
                .isEqualTo("sets more than one of users, stages, steps and arrivalRate; keep one load model");
    }

    @Test
    void loadWithNoModelAsksForOne() {
        Problem p = onlyProblem(withSpec(TARGET + "load: {duration: 5m}\n" + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load");
        assertThat(p.message()).startsWith("sets no load model");
    }

    @Test
    void missingLoadWithoutProfileSuggestsAProfile() {
        Problem p = onlyProblem(withSpec(TARGET + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load");
        assertThat(p.message()).contains("is required without a profile").contains("profile: smoke");
    }

    @Test
    void usersWithoutDurationAsksForADuration() {
        Problem p = onlyProblem(withSpec(TARGET + "load: {users: 10}\n" + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.duration");
        assertThat(p.message()).isEqualTo("is required; write e.g. duration: 15m");
    }

    @Test
    void stagesWithDurationAndBadStageUsersAreAllReported() {
        String load = """
                load:
                  duration: 5m
                  stages:
                    - {duration: 1m, users: 10}
                    - {duration: 2x, users: -1}
                    - {duration: 1m}
                """;
        List<Problem> problems = problems(withSpec(TARGET + load + SCENARIO));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.load",
                        "spec.load.stages[1].duration",
                        "spec.load.stages[1].users",
                        "spec.load.stages[2].users");
        assertThat(problemAt(problems, "spec.load").message()).contains("remove duration and rampUp");
        assertThat(problemAt(problems, "spec.load.stages[1].users").message()).contains("must be 0 or more");
        assertThat(problemAt(problems, "spec.load.stages[2].users").message())
                .isEqualTo("is required: the users at the end of the stage, e.g. users: 50");
    }

    @Test
    void stepsGoingDownAreReported() {
        String load = """
                load:
                  steps: {from: 500, to: 200, step: 100}
                  duration: 60m
                """;
        Problem p = onlyProblem(withSpec(TARGET + load + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.steps.to");
        assertThat(p.message()).isEqualTo("found 200; must be at least steps.from (500)");
    }

    @Test
    void zeroUsersIsReported() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD.replace("users: 10", "users: 0") + SCENARIO));

        assertThat(p.path()).isEqualTo("spec.load.users");
        assertThat(p.message()).isEqualTo("found 0; must be at least 1");
    }

    @Test
    void negativeWeightsAreReportedAtEachPath() {
        String scenario = """
                scenario:
                  userClasses:
                    - name: a
                      weight: -1
                      tasks:
                        - {weight: -2, request: {path: /x}}
                        - {request: {path: /y}}
                    - name: b
                      tasks: [{request: {path: /}}]
                """;
        List<Problem> problems = problems(withSpec(TARGET + LOAD + scenario));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.scenario.userClasses[0].weight", "spec.scenario.userClasses[0].tasks[0].weight");
        assertThat(problemAt(problems, "spec.scenario.userClasses[0].weight").message())
                .isEqualTo("found -1; a weight is 0 or more (default 1)");
        assertThat(problemAt(problems, "spec.scenario.userClasses[0].tasks[0].weight")
                        .message())
                .isEqualTo("found -2; a weight is 0 or more (default 1)");
    }

    @Test
    void allClassWeightsZeroIsReported() {
        String scenario = """
                scenario:
                  userClasses:
                    - {name: a, weight: 0, tasks: [{request: {path: /}}]}
                    - {name: b, weight: 0, tasks: [{request: {path: /}}]}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.userClasses");
        assertThat(p.message()).isEqualTo("all weights are 0; give at least one class a positive weight");
    }

    @Test
    void allTaskWeightsZeroIsReported() {
        String scenario = """
                scenario:
                  tasks:
                    - {weight: 0, request: {path: /a}}
                    - {weight: 0, request: {path: /b}}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks");
        assertThat(p.message()).isEqualTo("all weights are 0; give at least one task a positive weight");
    }

    @Test
    void someZeroWeightsAreFine() {
        String scenario = """
                scenario:
                  tasks:
                    - {weight: 0, request: {path: /a}}
                    - {request: {path: /b}}
                """;
        Docs.parse(withSpec(TARGET + LOAD + scenario));
    }

    @Test
    void duplicateClassNamesAreReported() {
        String scenario = """
                scenario:
                  userClasses:
                    - {name: a, tasks: [{request: {path: /}}]}
                    - {name: a, tasks: [{request: {path: /}}]}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario));

        assertThat(p.path()).isEqualTo("spec.scenario.userClasses[1].name");
        assertThat(p.message()).contains("\"a\" is used twice");
    }

    @Test
    void missingScenarioIsReported() {
        Problem p = onlyProblem(withSpec(TARGET + LOAD));

        assertThat(p.path()).isEqualTo("spec.scenario");
        assertThat(p.message()).startsWith("is required");
    }

    @Test
    void wrongHeaderValuesAreReported() {
        String yaml = """
                apiVersion: loadtest.dev/v1
                kind: Loadtest
                metadata:
                  name: My_Test
                spec:
                """ + (TARGET + LOAD + SCENARIO).indent(2);
        List<Problem> problems = problems(yaml);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("apiVersion", "kind", "metadata.name");
        assertThat(problemAt(problems, "apiVersion").message()).contains("expected loadtest.dev/v1alpha1");
        assertThat(problemAt(problems, "kind").message()).contains("expected LoadTest");
        assertThat(problemAt(problems, "metadata.name").message()).contains("\"My_Test\"");
    }

    @Test
    void aNameTooLongToLabelTheRunnerPodsIsReported() {
        String name = "checkout-service-peak-hour-load-test-with-a-very-long-name-00001"; // 64
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata:
                  name: %s
                spec:
                """.formatted(name) + (TARGET + LOAD + SCENARIO).indent(2);

        Problem p = onlyProblem(yaml);

        assertThat(p.path()).isEqualTo("metadata.name");
        assertThat(p.message())
                .isEqualTo("is 64 characters; at most 63, as it labels the runner pods (loadtest.dev/name) and a"
                        + " label value has at most 63: shorten the name");
        assertThat(parse(yaml.replace(name, name.substring(1))).metadata.name).hasSize(63);
    }

    /** CI re-runs a test with kubectl create -f: the API server makes each create a new name. */
    @Test
    void aGenerateNameIsAcceptedAndNamesTheTestByItsPrefix() {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata:
                  generateName: checkout-smoke-
                spec:
                """ + (TARGET + LOAD + SCENARIO).indent(2);

        LoadTest t = parse(yaml);

        assertThat(t.metadata.generateName).isEqualTo("checkout-smoke-");
        assertThat(t.metadata.name).isNull();
        assertThat(t.metadata.nameOrPrefix()).isEqualTo("checkout-smoke");
        assertThat(ClusterRules.validate(LoadTestParser.parseAsWritten(yaml, "t.yaml")))
                .describedAs("loadtest validate --cluster")
                .isEmpty();
        t.metadata.name = "checkout-smoke-x7k2p";
        assertThat(t.metadata.nameOrPrefix()).describedAs("a name wins").isEqualTo("checkout-smoke-x7k2p");
        t.metadata.name = null;
        t.metadata.generateName = null;
        assertThat(t.metadata.nameOrPrefix()).isNull();
    }

    @Test
    void aGenerateNameLeavesRoomForTheFiveCharactersTheApiServerAppends() {
        String prefix = "checkout-service-peak-hour-load-test-with-a-long-prefix-xy-"; // 59
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata:
                  generateName: %s
                spec:
                """.formatted(prefix) + (TARGET + LOAD + SCENARIO).indent(2);

        Problem p = onlyProblem(yaml);

        assertThat(p.path()).isEqualTo("metadata.generateName");
        assertThat(p.message())
                .isEqualTo("is 59 characters; at most 58: the API server appends 5 characters and the name labels"
                        + " the runner pods (loadtest.dev/name; a label value has at most 63): shorten the prefix");
        assertThat(parse(yaml.replace(prefix, prefix.substring(1))).metadata.generateName)
                .hasSize(58);
        Problem bad = onlyProblem(yaml.replace(prefix, "Checkout_"));
        assertThat(bad.path()).isEqualTo("metadata.generateName");
        assertThat(bad.message()).startsWith("found \"Checkout_\"; a name prefix is lower-case letters");
        assertThat(onlyProblem(yaml.replace(prefix, "\"-\"")).path()).isEqualTo("metadata.generateName");
    }

    @Test
    void missingSpecIsReported() {
        Problem p = onlyProblem(Docs.HEADER);

        assertThat(p.path()).isEqualTo("spec");
        assertThat(p.message()).contains("spec.target.url and spec.scenario");
    }

    @Test
    void semanticProblemsAcrossTheWholeFileAreReportedTogether() {
        String spec = """
                profile: soak
                target:
                  url: http://api:8080
                load:
                  users: 10
                  duration: 5m
                  rampUp: -5m
                thinkTime: {min: 10s, max: 3s}
                thresholds: ["http_req_failed: p(95) < 1"]
                scenario:
                  tasks:
                    - request: {method: FETCH, path: x}
                """;
        List<Problem> problems = problems(withSpec(spec));

        assertThat(problems)
                .extracting(Problem::path)
                .contains(
                        "spec.profile",
                        "spec.load.rampUp",
                        "spec.thinkTime.min",
                        "spec.thresholds[0]",
                        "spec.scenario.tasks[0].request.method",
                        "spec.scenario.tasks[0].request.path");
    }

    @Test
    void validSpecFromDocsParsesUnchanged() {
        LoadTest t = Docs.parse(withSpec(VALID_SPEC));
        assertThat(t.spec.profile).isNull();
        assertThat(t.spec.thresholds).isNull();
    }

    @Test
    void aThresholdScopedToAnEndpointNoRequestIsNamedIsReportedWithTheNames() {
        String scenario = """
                scenario:
                  onStart:
                    - name: login
                      request: {method: POST, path: /login}
                  tasks:
                    - name: home
                      request: {path: /}
                    - steps:
                        - request: {path: /items}
                        - request: {name: buy, method: POST, path: /buy}
                """;
        Problem p = onlyProblem(withSpec(TARGET + LOAD + scenario + """
                thresholds:
                  - "http_req_failed{name:login}: rate < 1%"
                  - "http_req_duration{name:GET /items}: p(95) < 1s"
                  - "checks{name:buy}: rate > 99%"
                  - "http_req_failed{name:chekout}: count < 1"
                abort: ["http_req_failed{name:home}: rate > 50% for 10s"]
                """));

        assertThat(p.path()).isEqualTo("spec.thresholds[3]");
        assertThat(p.message())
                .isEqualTo("no request of the scenario is named \"chekout\", so the threshold would measure nothing;"
                        + " endpoints: login, home, GET /items, buy (a request's name, else its step's or"
                        + " task's, else METHOD path)");
        assertThat(problemAt(
                                problems(withSpec(TARGET + LOAD + SCENARIO
                                        + "abort: [\"http_reqs{name:nope}: count > 5 for 5s\"]\n")),
                                "spec.abort[0]")
                        .message())
                .startsWith("no request of the scenario is named \"nope\"");
    }
}
