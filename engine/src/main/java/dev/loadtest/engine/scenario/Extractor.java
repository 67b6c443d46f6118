package dev.loadtest.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadtest.api.parse.JsonPaths;
import dev.loadtest.engine.http.HttpResponse;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a value of a response as a per-user variable: {@code $.json.path}, {@code header:Name} or
 * {@code regex:pattern(group)}. A value not found counts as a failed check ("extract token"), so a
 * login that returns no token is visible instead of silently sending empty headers.
 */
final class Extractor {
    final String variable;
    final StatsCollector.Check counter;
    private final List<Object> jsonPath;
    private final String header;
    private final Pattern regex;

    Extractor(String variable, String expression, String endpoint, StatsCollector stats) {
        this.variable = variable;
        this.counter = stats.check(endpoint, "extract " + variable);
        if (expression.startsWith("header:")) {
            header = expression.substring(7).trim();
            jsonPath = null;
            regex = null;
        } else if (expression.startsWith("regex:")) {
            regex = Pattern.compile(expression.substring(6));
            header = null;
            jsonPath = null;
        } else {
            jsonPath = JsonPaths.parse(expression);
            header = null;
            regex = null;
        }
    }

    boolean needsBody() {
        return header == null;
    }

    boolean needsHeaders() {
        return header != null;
    }

    /** The value, or null when the response does not hold it. */
    String extract(HttpResponse r, ResponseView view) {
        if (header != null) {
            return r.header(header);
        }
        if (regex != null) {
            Matcher m = regex.matcher(view.text());
            return m.find() ? m.group(1) : null;
        }
        JsonNode node = view.at(jsonPath);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
