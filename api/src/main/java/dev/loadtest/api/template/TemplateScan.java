package dev.loadtest.api.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Finds every ${...} reference in a part of a spec, with the path of the string that holds it. */
public final class TemplateScan {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reference found at {@code path}, e.g. spec.scenario.tasks[0].request.headers.Authorization. */
    public record Found(String path, TemplateRef ref) {}

    private TemplateScan() {}

    /** Unparsable templates are skipped: the validator reports them. */
    public static List<Found> scan(Object modelPart, String path) {
        List<Found> found = new ArrayList<>();
        if (modelPart != null) {
            walk(JSON.valueToTree(modelPart), path, found);
        }
        return found;
    }

    private static void walk(JsonNode node, String path, List<Found> found) {
        if (node.isTextual()) {
            try {
                for (TemplateRef r : Template.parse(node.asText()).references()) {
                    found.add(new Found(path, r));
                }
            } catch (IllegalArgumentException ignored) {
                // reported by the validator at the same path
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + "." + e.getKey(), found);
            }
        }
    }
}
