package dev.loadtest.api.parse;

import static dev.loadtest.api.parse.Docs.HEADER;
import static dev.loadtest.api.parse.Docs.VALID_SPEC;
import static dev.loadtest.api.parse.Docs.onlyProblem;
import static dev.loadtest.api.parse.Docs.problemAt;
import static dev.loadtest.api.parse.Docs.problems;
import static dev.loadtest.api.parse.Docs.withSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loadtest.api.model.LoadTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shape: YAML syntax, unknown fields, wrong types; every problem at once, each with its path. */
class StrictParsingTest {

    @Test
    void validDocumentParsesIntoTheModel() {
        LoadTest t = Docs.parse(withSpec(VALID_SPEC));

        assertThat(t.apiVersion).isEqualTo(LoadTest.API_VERSION);
        assertThat(t.kind).isEqualTo(LoadTest.KIND);
        assertThat(t.metadata.name).isEqualTo("unit-test");
        assertThat(t.spec.target.url).isEqualTo("http://api.shop.svc:8080");
        assertThat(t.spec.load.users).isEqualTo(10);
        assertThat(t.spec.load.rampUp).isEqualTo("1m");
        assertThat(t.spec.load.duration).isEqualTo("5m");
        assertThat(t.spec.scenario.tasks).singleElement().satisfies(task -> {
            assertThat(task.name).isEqualTo("home");
            assertThat(task.request.method).isEqualTo("GET");
            assertThat(task.request.path).isEqualTo("/");
        });
    }

    @Test
    void unknownFieldNamesItsPathAndSuggestsTheClosestField() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("rampUp: 1m", "rampup: 1m")));

        assertThat(p.path()).isEqualTo("spec.load.rampup");
        assertThat(p.message())
                .startsWith("unknown field")
                .contains("did you mean 'rampUp'?")
                .describedAs("lists the fields allowed in spec.load")
                .contains("allowed here: ")
                .contains("users", "rampUp", "duration", "stages", "steps", "arrivalRate", "maxUsers", "gracefulStop");
    }

    @Test
    void unknownTopLevelFieldSuggestsSpec() {
        String yaml = HEADER + "specs:\n" + VALID_SPEC.indent(2);
        List<Problem> problems = problems(yaml);

        Problem p = problemAt(problems, "specs");
        assertThat(p.message()).contains("did you mean 'spec'?");
    }

    @Test
    void unknownFieldDeepInAListNamesTheIndexedPath() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("{method: GET, path: /}", "{method: GET, pth: /}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.pth");
        assertThat(p.message()).contains("did you mean 'path'?");
    }

    @Test
    void unknownFieldFarFromEveryKnownFieldGetsNoSuggestionButTheAllowedList() {
        Problem p = onlyProblem(withSpec(VALID_SPEC + "colourScheme: dark\n"));

        assertThat(p.path()).isEqualTo("spec.colourScheme");
        assertThat(p.message())
                .doesNotContain("did you mean")
                .contains("allowed here: profile, target, load, thinkTime, scenario, env, data, thresholds, abort,"
                        + " runners");
    }

    @Test
    void textWhereAWholeNumberIsExpectedNamesThePathAndTheValue() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("users: 10", "users: \"ten\"")));

        assertThat(p.path()).isEqualTo("spec.load.users");
        assertThat(p.message()).isEqualTo("found text \"ten\"; expected a whole number");
    }

    @Test
    void decimalWhereAWholeNumberIsExpectedIsRejected() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("users: 10", "users: 10.5")));

        assertThat(p.path()).isEqualTo("spec.load.users");
        assertThat(p.message()).isEqualTo("found number 10.5; expected a whole number");
    }

    @Test
    void wrongBooleanNamesThePath() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace(
                "url: http://api.shop.svc:8080", "url: http://api.shop.svc:8080\n  insecureSkipTlsVerify: maybe")));

        assertThat(p.path()).isEqualTo("spec.target.insecureSkipTlsVerify");
        assertThat(p.message()).isEqualTo("found text \"maybe\"; expected true or false");
    }

    @Test
    void listWhereAnObjectIsExpectedIsReported() {
        String spec = VALID_SPEC.replace(
                "load:\n  users: 10\n  rampUp: 1m\n  duration: 5m\n", "load:\n  - users: 10\n  - duration: 5m\n");
        Problem p = onlyProblem(withSpec(spec));

        assertThat(p.path()).isEqualTo("spec.load");
        assertThat(p.message()).isEqualTo("found a list; expected an object with fields");
    }

    @Test
    void objectWhereAListIsExpectedIsReported() {
        Problem p = onlyProblem(withSpec(VALID_SPEC + "thresholds:\n  p95: 500ms\n"));

        assertThat(p.path()).isEqualTo("spec.thresholds");
        assertThat(p.message()).isEqualTo("found an object; expected a list");
    }

    @Test
    void objectWhereTextIsExpectedIsReported() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("duration: 5m", "duration: {minutes: 5}")));

        assertThat(p.path()).isEqualTo("spec.load.duration");
        assertThat(p.message()).isEqualTo("found an object; expected a text value");
    }

    @Test
    void textWhereAMapIsExpectedIsReported() {
        Problem p = onlyProblem(withSpec(
                VALID_SPEC.replace("{method: GET, path: /}", "{method: GET, path: /, headers: Authorization}")));

        assertThat(p.path()).isEqualTo("spec.scenario.tasks[0].request.headers");
        assertThat(p.message()).isEqualTo("found text \"Authorization\"; expected a map of names to values");
    }

    @Test
    void everyShapeProblemIsReportedAtOnceEachWithItsOwnPath() {
        String spec = """
                target:
                  url: http://api:8080
                  timout: 5s
                load:
                  users: "ten"
                  rampup: 1m
                  duration: 5m
                thinkTime: [3s, 10s]
                scenario:
                  tasks:
                    - name: home
                      request: {method: GET, path: /}
                      weight: heavy
                """;
        List<Problem> problems = problems(withSpec(spec));

        assertThat(problems)
                .describedAs("all shape problems of the file, not only the first")
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "spec.target.timout",
                        "spec.load.users",
                        "spec.load.rampup",
                        "spec.thinkTime",
                        "spec.scenario.tasks[0].weight")
                .doesNotHaveDuplicates();
        assertThat(problemAt(problems, "spec.target.timout").message()).contains("did you mean 'timeout'?");
        assertThat(problemAt(problems, "spec.load.users").message()).contains("expected a whole number");
        assertThat(problemAt(problems, "spec.load.rampup").message()).contains("did you mean 'rampUp'?");
        assertThat(problemAt(problems, "spec.thinkTime").message()).contains("found a list; expected an object");
        assertThat(problemAt(problems, "spec.scenario.tasks[0].weight").message())
                .contains("found text \"heavy\"; expected a whole number");
    }

    @Test
    void invalidYamlSyntaxIsReportedWithLineAndColumn() {
        String yaml = HEADER + "spec:\n  load: {users: 10, duration: 5m\n  scenario: {}\n";
        Problem p = onlyProblem(yaml);

        assertThat(p.path()).isEqualTo("(file)");
        assertThat(p.message()).startsWith("is not valid YAML at line ").containsPattern("line \\d+, column \\d+");
    }

    @Test
    void invalidYamlSyntaxPointsAtTheOffendingLine() {
        String yaml = """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                spec:
                  target:
                    url: http://x
                   load: 1
                """;
        Problem p = onlyProblem(yaml);

        assertThat(p.path()).isEqualTo("(file)");
        assertThat(p.message()).describedAs("the mis-indented key is on line 6").contains("line 6, column");
    }

    @Test
    void repeatedKeyIsReportedInsteadOfSilentlyReplacingTheFirst() {
        Problem p = onlyProblem(withSpec(VALID_SPEC.replace("users: 10", "users: 10\n  users: 20")));

        assertThat(p.path()).isEqualTo("(file)");
        assertThat(p.message())
                .describedAs("the second users: is on line 10 (4 header lines, spec, target, url, load, users)")
                .contains("line 10, column")
                .contains("Duplicate field 'users'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n", "# only a comment\n", "---\n", "~\n"})
    void emptyFileIsReportedAsEmpty(String text) {
        Problem p = onlyProblem(text);

        assertThat(p.path()).isEqualTo("(file)");
        assertThat(p.message()).isEqualTo("is empty; expected a LoadTest document");
    }

    @Test
    void documentThatIsNotAnObjectIsReportedAgainstTheFile() {
        Problem p = onlyProblem("just some text\n");

        assertThat(p.path()).describedAs("the root has a readable path").isEqualTo("(file)");
        assertThat(p.message()).isEqualTo("found text \"just some text\"; expected an object with fields");
    }

    @Test
    void emptyListItemIsReportedInsteadOfCrashing() {
        String spec = VALID_SPEC.replace("    - name: home", "    -\n    - name: home") + "thresholds:\n  -\n";
        List<Problem> problems = problems(withSpec(spec));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder("spec.scenario.tasks[0]", "spec.thresholds[0]");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("empty list item"));
    }

    @Test
    void emptyListItemUnderAProfileIsReportedInsteadOfCrashing() {
        Problem p = onlyProblem(withSpec("profile: smoke\n" + VALID_SPEC + "thresholds: [~]\n"));

        assertThat(p.path()).isEqualTo("spec.thresholds[0]");
        assertThat(p.message()).contains("empty list item");
    }

    @Test
    void nullValueMeansNotSet() {
        LoadTest t = Docs.parse(withSpec(VALID_SPEC + "thinkTime: ~\nrunners:\n"));

        assertThat(t.spec.thinkTime).isNull();
        assertThat(t.spec.runners).isNull();
    }

    @Test
    void freeFormJsonBodyAcceptsAnyShape() {
        LoadTest t = Docs.parse(withSpec(VALID_SPEC.replace(
                "{method: GET, path: /}", "{method: POST, path: /, json: {a: [1, {b: true}], c: null}}")));

        var json = t.spec.scenario.tasks.get(0).request.json;
        assertThat(json.has("a")).isTrue();
        assertThat(json.get("a").get(1).get("b").asBoolean()).isTrue();
        assertThat(json.has("c")).isTrue();
    }

    @Test
    void parseAsWrittenChecksShapeOnlyAndDoesNotApplyTheProfile() {
        String yaml = withSpec("""
                profile: smoke
                scenario:
                  tasks:
                    - request: {path: relative-without-slash}
                """);

        LoadTest written = LoadTestParser.parseAsWritten(yaml, "test.yaml");

        assertThat(written.spec.profile).isEqualTo("smoke");
        assertThat(written.spec.load).describedAs("profile not applied").isNull();
        assertThat(written.spec.thresholds).isNull();
    }

    @Test
    void parseAsWrittenStillRejectsUnknownFields() {
        InvalidLoadTestException e = catchThrowableOfType(
                InvalidLoadTestException.class,
                () -> LoadTestParser.parseAsWritten(withSpec("profil: smoke\n"), "x.yaml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.profil");
            assertThat(p.message()).contains("did you mean 'profile'?");
        });
        assertThat(e.getMessage()).startsWith("x.yaml is invalid:").contains("  - spec.profil: unknown field");
    }
}
