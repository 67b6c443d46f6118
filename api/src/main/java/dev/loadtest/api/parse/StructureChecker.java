package dev.loadtest.api.parse;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a parsed YAML tree alongside the model classes and reports every unknown field and every
 * value of the wrong shape, with its path, instead of stopping at the first like Jackson does.
 */
final class StructureChecker {
    private final ObjectMapper mapper;
    private final List<Problem> problems = new ArrayList<>();

    StructureChecker(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<Problem> check(JsonNode node, Class<?> type) {
        walk(node, mapper.constructType(type), "");
        // The root's path is empty; name it as the parser names whole-file problems.
        return problems.stream()
                .map(p -> p.path().isEmpty() ? new Problem("(file)", p.message()) : p)
                .toList();
    }

    private void walk(JsonNode node, JavaType type, String path) {
        if (node == null || node.isNull()) {
            return; // absent and null mean "not set"; required fields are checked semantically
        }
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return; // free-form, e.g. a JSON body
        }
        com.fasterxml.jackson.databind.annotation.JsonDeserialize custom =
                raw.getAnnotation(com.fasterxml.jackson.databind.annotation.JsonDeserialize.class);
        if (custom != null && custom.using() != com.fasterxml.jackson.databind.JsonDeserializer.None.class) {
            return; // a Kubernetes type read from text, such as a Quantity ("500m") or IntOrString
        }
        if (raw == String.class) {
            if (!node.isValueNode()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected a text value"));
            }
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            if (!node.isIntegralNumber()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected a whole number"));
            }
        } else if (raw == Double.class || raw == double.class) {
            if (!node.isNumber()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected a number"));
            }
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (!node.isBoolean()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected true or false"));
            }
        } else if (type.isCollectionLikeType()) {
            if (!node.isArray()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected a list"));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    // A lone '-' would otherwise reach the validator as a null element.
                    problems.add(new Problem(
                            path + "[" + i + "]", "is an empty list item; remove the lone '-' or give it a value"));
                } else {
                    walk(node.get(i), type.getContentType(), path + "[" + i + "]");
                }
            }
        } else if (type.isMapLikeType()) {
            if (!node.isObject()) {
                problems.add(new Problem(path, "found " + describe(node) + "; expected a map of names to values"));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), type.getContentType(), join(path, e.getKey()));
            }
        } else {
            walkBean(node, type, path);
        }
    }

    private void walkBean(JsonNode node, JavaType type, String path) {
        if (!node.isObject()) {
            problems.add(new Problem(path, "found " + describe(node) + "; expected an object with fields"));
            return;
        }
        BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
        Map<String, JavaType> fields = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            fields.put(p.getName(), p.getPrimaryType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JavaType fieldType = fields.get(e.getKey());
            String fieldPath = join(path, e.getKey());
            if (fieldType == null) {
                problems.add(new Problem(fieldPath, unknownField(e.getKey(), fields.keySet())));
            } else {
                walk(e.getValue(), fieldType, fieldPath);
            }
        }
    }

    private static String unknownField(String name, Iterable<String> allowed) {
        List<String> names = new ArrayList<>();
        allowed.forEach(names::add);
        String closest = names.stream()
                .min(Comparator.comparingInt(n -> editDistance(n.toLowerCase(), name.toLowerCase())))
                .orElse(null);
        String hint = closest != null && editDistance(closest.toLowerCase(), name.toLowerCase()) <= 3
                ? " (did you mean '" + closest + "'?)"
                : "";
        return "unknown field" + hint + "; allowed here: " + String.join(", ", names);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "text \"" + node.asText() + "\"";
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isBoolean()) {
            return "boolean " + node.asText();
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().toString().toLowerCase();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
