package dev.loadtest.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD is accepted by a real API server and teaches the API: its CEL rules fit the cost
 * budget, every list is bounded, every property is described.
 *
 * <p>The API server estimates a rule's cost at CRD creation from the worst case: a rule under lists
 * runs once per item of each enclosing list, and a list without maxItems counts as many items as a
 * 3 MB request could hold. Nested unbounded lists multiply past the budget and the CRD is refused
 * ("estimated rule cost exceeds budget", kubernetes/kubernetes#120973). This test bounds it from
 * above: every rule costs at most {@link #RULE_COST} per evaluation (ours are a few has() calls),
 * times the maxItems (maxProperties for maps) of every enclosing list or map.
 *
 * <p>Exempt from "described" and "bounded": the inner properties of standard Kubernetes types
 * (ResourceRequirements, Toleration, Affinity), see {@link #KUBERNETES_TYPES}.
 */
class CrdSchemaTest {
    private static final Path CRD = Path.of("../crds/loadtests.loadtest.dev-v1.yml");

    /** An upper bound of one evaluation of one of our rules (a few has() checks cost about 10). */
    static final long RULE_COST = 100;
    /** apiextensions StaticEstimatedCostLimit: the most one rule may cost over all its evaluations. */
    static final long RULE_LIMIT = 10_000_000;
    /** apiextensions StaticEstimatedCRDCostLimit: the most all rules of the CRD may cost together. */
    static final long CRD_LIMIT = 100_000_000;

    /**
     * Schemas of fabric8's standard Kubernetes model types. Their classes carry no descriptions (the
     * generator has nothing to emit; `kubectl explain pod.spec.affinity` documents the same fields)
     * and no size bounds (we cannot annotate them). They hold no CEL rule, so they add nothing to
     * the cost; the field that holds each is described and, for a list, bounded.
     */
    static final Set<String> KUBERNETES_TYPES =
            Set.of(".spec.runners.resources", ".spec.runners.tolerations[]", ".spec.runners.affinity");

    record Rule(String path, String rule, long cardinality, String unboundedAt) {
        long cost() {
            return cardinality * RULE_COST;
        }
    }

    static JsonNode schema(Path crd) throws Exception {
        JsonNode root = new YAMLMapper().readTree(crd.toFile());
        return root.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    }

    /** Every rule with the product of the bounds of its enclosing lists and maps. */
    static List<Rule> rules(JsonNode schema) {
        List<Rule> out = new ArrayList<>();
        collectRules(schema, "", 1, null, out);
        return out;
    }

    private static void collectRules(JsonNode node, String path, long cardinality, String unboundedAt, List<Rule> out) {
        for (JsonNode r : node.path("x-kubernetes-validations")) {
            out.add(new Rule(path.isEmpty() ? "." : path, r.path("rule").asText(), cardinality, unboundedAt));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            collectRules(p.getValue(), path + "." + p.getKey(), cardinality, unboundedAt, out);
        }
        if (node.has("items")) {
            JsonNode max = node.get("maxItems");
            collectRules(
                    node.get("items"),
                    path + "[]",
                    max == null ? cardinality : Math.multiplyExact(cardinality, max.asLong()),
                    unboundedAt == null && max == null ? path : unboundedAt,
                    out);
        }
        if (node.path("additionalProperties").isObject()) {
            JsonNode max = node.get("maxProperties");
            collectRules(
                    node.get("additionalProperties"),
                    path + "{}",
                    max == null ? cardinality : Math.multiplyExact(cardinality, max.asLong()),
                    unboundedAt == null && max == null ? path : unboundedAt,
                    out);
        }
    }

    /** What a real API server would refuse (by our upper bound); empty when the CRD fits. */
    static List<String> costProblems(JsonNode schema) {
        List<String> problems = new ArrayList<>();
        long total = 0;
        for (Rule r : rules(schema)) {
            if (r.unboundedAt() != null) {
                problems.add(r.path() + ": rule \"" + r.rule() + "\" is under " + r.unboundedAt()
                        + ", which has no maxItems/maxProperties: its cost has no bound");
                continue;
            }
            if (r.cost() > RULE_LIMIT) {
                problems.add(r.path() + ": rule \"" + r.rule() + "\" may run " + r.cardinality() + " times, cost "
                        + r.cost() + " > " + RULE_LIMIT);
            }
            total += r.cost();
        }
        if (total > CRD_LIMIT) {
            problems.add("all rules together cost up to " + total + " > " + CRD_LIMIT);
        }
        return problems;
    }

    /** Lists (outside standard Kubernetes types) without maxItems. */
    static List<String> unboundedLists(JsonNode schema) {
        List<String> out = new ArrayList<>();
        walk(schema, "", (path, node) -> {
            if ("array".equals(node.path("type").asText()) && !node.has("maxItems")) {
                out.add(path);
            }
        });
        return out;
    }

    /** Properties (outside standard Kubernetes types) without a description. */
    static List<String> undescribed(JsonNode schema) {
        List<String> out = new ArrayList<>();
        walk(schema, "", (path, node) -> {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            node.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("description").asText().isBlank()) {
                    out.add(path + "." + p.getKey());
                }
            }
        });
        return out;
    }

    interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor v) {
        if (KUBERNETES_TYPES.contains(path)) {
            return;
        }
        v.visit(path, node);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            walk(p.getValue(), path + "." + p.getKey(), v);
        }
        if (node.has("items")) {
            walk(node.get("items"), path + "[]", v);
        }
        if (node.path("additionalProperties").isObject()) {
            walk(node.get("additionalProperties"), path + "{}", v);
        }
    }

    @Test
    void celRulesFitTheApiServersCostBudget() throws Exception {
        JsonNode schema = schema(CRD);
        assertThat(rules(schema)).describedAs("the CRD has CEL rules to check").hasSizeGreaterThan(10);
        assertThat(costProblems(schema))
                .describedAs("bound every list above a rule with @Size(max = ...) (see Limits)")
                .isEmpty();
    }

    @Test
    void aRuleUnderAListWithoutMaxItemsHasNoBound() throws Exception {
        JsonNode schema = new YAMLMapper().readTree("""
                type: object
                properties:
                  outer:
                    type: array
                    maxItems: 10
                    items:
                      type: object
                      properties:
                        inner:
                          type: array
                          items:
                            type: object
                            x-kubernetes-validations:
                            - rule: "has(self.a)"
                """);
        assertThat(costProblems(schema))
                .singleElement()
                .asString()
                .contains(".outer[].inner[]")
                .contains("is under .outer[].inner, which has no maxItems");
    }

    @Test
    void nestedBoundsMultiply() throws Exception {
        JsonNode schema = new YAMLMapper().readTree("""
                type: object
                properties:
                  outer:
                    type: array
                    maxItems: 1000
                    items:
                      type: object
                      properties:
                        inner:
                          type: object
                          maxProperties: 200
                          additionalProperties:
                            type: object
                            x-kubernetes-validations:
                            - rule: "has(self.a)"
                """);
        assertThat(rules(schema)).singleElement().extracting(Rule::cardinality).isEqualTo(200_000L);
        assertThat(costProblems(schema)).singleElement().asString().contains("cost 20000000 > 10000000");
    }

    @Test
    void everyListIsBounded() throws Exception {
        assertThat(unboundedLists(schema(CRD)))
                .describedAs("lists without maxItems: add @Size(max = Limits...) to the field")
                .isEmpty();
    }

    @Test
    void everyPropertyIsDescribedForKubectlExplain() throws Exception {
        assertThat(undescribed(schema(CRD)))
                .describedAs("properties without a description: add @JsonPropertyDescription")
                .isEmpty();
    }

    /**
     * kubectl get shows a blank where a printer column's path names no field (a status field renamed
     * or moved): each column's path leads to a property of the schema, of the column's type.
     */
    @Test
    void everyPrinterColumnReadsAFieldOfTheSchema() throws Exception {
        JsonNode version = new YAMLMapper()
                .readTree(CRD.toFile())
                .get("spec")
                .get("versions")
                .get(0);
        JsonNode root = version.get("schema").get("openAPIV3Schema");
        List<String> problems = new ArrayList<>();
        for (JsonNode column : version.get("additionalPrinterColumns")) {
            String path = column.get("jsonPath").asText();
            if (path.startsWith(".metadata.")) {
                continue; // the API server's own
            }
            JsonNode node = root;
            for (String part : path.substring(1).split("\\.")) {
                node = node == null || node.get("properties") == null
                        ? null
                        : node.get("properties").get(part);
            }
            String type = column.get("type").asText();
            if (node == null) {
                problems.add(column.get("name").asText() + ": " + path + " is in no schema");
            } else if (!node.path("type").asText().equals(type)
                    && !(type.equals("string") && node.has("enum"))
                    && !(type.equals("number") && node.path("type").asText().equals("integer"))) {
                problems.add(column.get("name").asText() + ": " + path + " is "
                        + node.path("type").asText() + ", not " + type);
            }
        }
        assertThat(problems).isEmpty();
    }
}
