package dev.loadtest.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.engine.http.HttpResponse;
import java.util.List;

/** A response's body decoded at most once, as text and as JSON, for checks and extracts. */
final class ResponseView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpResponse response;
    private String text;
    private JsonNode json;
    private boolean jsonTried;

    ResponseView(HttpResponse response) {
        this.response = response;
    }

    String text() {
        if (text == null) {
            text = response.bodyText();
        }
        return text;
    }

    /** The node at the path, or null when the body is not JSON or the path leads nowhere. */
    JsonNode at(List<Object> path) {
        if (!jsonTried) {
            jsonTried = true;
            try {
                json = JSON.readTree(text());
            } catch (Exception e) {
                json = null;
            }
        }
        JsonNode node = json;
        for (Object seg : path) {
            if (node == null) {
                return null;
            }
            node = seg instanceof Integer i ? node.get(i) : node.get((String) seg);
        }
        return node;
    }
}
