package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.loadtest.api.parse.ClusterRules;
import dev.loadtest.api.parse.LoadTestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD's CEL rules (x-kubernetes-validations) evaluated with Google's CEL for Java, as the API
 * server evaluates them on kubectl apply: every example is accepted, and each broken spec is refused
 * by its rule's message, and by {@code loadtest validate --cluster} too. A wrong rule would refuse
 * valid specs at apply, or let through what the operator then calls invalid; the mock API server
 * evaluates none of them.
 */
class CrdCelRulesTest {
    private static final Path CRD = Path.of("../crds/loadtests.loadtest.dev-v1.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists(), as Kubernetes has them
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** One rule that did not hold: where, and its message. */
    record Broken(String path, String message) {}

    static List<Broken> brokenRules(JsonNode object) throws Exception {
        JsonNode schema = new YAMLMapper()
                .readTree(CRD.toFile())
                .path("spec")
                .path("versions")
                .get(0)
                .path("schema")
                .path("openAPIV3Schema");
        List<Broken> out = new ArrayList<>();
        walk(schema, object, "", out);
        return out;
    }

    private static void walk(JsonNode schema, JsonNode value, String path, List<Broken> out) throws Exception {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            var ast = COMPILER.compile(v.get("rule").asText()).getAst();
            Object result = RUNTIME.createProgram(ast).eval(Map.of("self", plain(value)));
            if (!Boolean.TRUE.equals(result)) {
                out.add(new Broken(
                        path.isEmpty() ? "<root>" : path, v.get("message").asText()));
            }
        }
        if (value.isObject()) {
            var fields = value.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                JsonNode property = schema.path("properties").get(f.getKey());
                if (property == null && schema.path("additionalProperties").isObject()) {
                    property = schema.get("additionalProperties");
                }
                walk(property, f.getValue(), path + "." + f.getKey(), out);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** As CEL sees JSON: maps, lists, int64, double, string, bool. */
    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }

    static Stream<Path> examples() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("../examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAcceptedByEveryRule(Path example) throws Exception {
        List<JsonNode> docs = YAML.readerFor(JsonNode.class)
                .<JsonNode>readValues(example.toFile())
                .readAll();
        for (JsonNode doc : docs) {
            if ("LoadTest".equals(doc.path("kind").asText())) {
                assertThat(brokenRules(doc)).describedAs(example.toString()).isEmpty();
            }
        }
    }

    static Stream<Arguments> broken() {
        String target = "target: {url: \"http://api:8080\"}\n";
        String load = "load: {users: 5, duration: 1m}\n";
        String tasks = "scenario: {tasks: [{request: {path: /}}]}\n";
        return Stream.of(
                Arguments.of(
                        target + "load: {users: 5, arrivalRate: {rate: 10}, maxUsers: 5, duration: 1m}\n" + tasks,
                        "set one load model: users, stages, steps or arrivalRate"),
                Arguments.of(
                        target + "load: {users: 5, duration: 1m, maxUsers: 9}\n" + tasks,
                        "maxUsers applies only with arrivalRate (the open model)"),
                Arguments.of(
                        target + "load: {arrivalRate: {rate: 10}, duration: 1m}\n" + tasks,
                        "arrivalRate needs maxUsers: the most users busy at once"),
                Arguments.of(target + tasks, "set load (users and duration, stages, steps or arrivalRate)"),
                Arguments.of(
                        target + load + "scenario: {tasks: [{request: {path: /, url: \"http://x/\"}}]}\n",
                        "set path (relative to spec.target.url) or url"),
                Arguments.of(
                        target + load + "scenario: {tasks: [{request: {path: /, json: {a: 1}, body: x}}]}\n",
                        "set json or body, not both"),
                Arguments.of(
                        target + load + "scenario: {tasks: [{name: a}]}\n",
                        "set request (one request) or steps (a sequence)"),
                Arguments.of(
                        target + load + "scenario: {tasks: [{request: {path: /}}],"
                                + " userClasses: [{name: c, tasks: [{request: {path: /}}]}]}\n",
                        "set tasks (one class), or userClasses with tasks inside"),
                Arguments.of(
                        target + load + "thinkTime: {constant: 1s, min: 1s, max: 2s}\n" + tasks,
                        "set constant, or min and max, not both"),
                Arguments.of(
                        target + load + "env: [{name: A, value: a, valueFrom: {secretKeyRef: {name: s, key: k}}}]\n"
                                + tasks,
                        "set value or valueFrom, not both"),
                Arguments.of(
                        target + load + "runners: {count: 2, usersPerRunner: 5}\n" + tasks,
                        "set count or usersPerRunner, not both"),
                Arguments.of(
                        target + load + "runners: {volumes: [{name: d, mountPath: /d, secret: s,"
                                + " persistentVolumeClaim: p}]}\n" + tasks,
                        "set secret, configMap or persistentVolumeClaim, one of them"),
                Arguments.of(
                        target + load + "data: [{name: users}]\n" + tasks,
                        "set file (a CSV path) or configMapKeyRef (in a cluster)"),
                Arguments.of(
                        "target: {url: \"http://api:8080\", workload: {namespace: shop}}\n" + load + tasks,
                        "watches nothing: set hpa (an HPA's name) and/or podSelector"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void aBrokenSpecIsRefusedByItsRuleAndByLoadtestValidate(String spec, String message) throws Exception {
        String yaml =
                "apiVersion: loadtest.dev/v1alpha1\nkind: LoadTest\nmetadata: {name: t}\nspec:\n" + spec.indent(2);
        assertThat(brokenRules(YAML.readTree(yaml)))
                .extracting(Broken::message)
                .anySatisfy(m -> assertThat(m).startsWith(message));
        assertThat(ClusterRules.validate(LoadTestParser.parseAsWritten(yaml, "t.yaml")))
                .describedAs("loadtest validate --cluster refuses it too")
                .isNotEmpty();
    }
}
