package dev.loadtest.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadtest.api.model.Check;
import dev.loadtest.api.parse.JsonPaths;
import dev.loadtest.api.units.Durations;
import dev.loadtest.engine.http.HttpResponse;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.ArrayList;
import java.util.List;

/** One assertion on a response, with its pass/fail counter. */
final class CompiledCheck {
    enum Kind {
        STATUS,
        BODY_CONTAINS,
        JSON,
        MAX_DURATION
    }

    final Kind kind;
    final String description;
    final StatsCollector.Check counter;
    private final int status;
    private final String text;
    private final List<Object> jsonPath;
    private final long maxMicros;

    private CompiledCheck(
            Kind kind,
            String description,
            StatsCollector.Check counter,
            int status,
            String text,
            List<Object> jsonPath,
            long maxMicros) {
        this.kind = kind;
        this.description = description;
        this.counter = counter;
        this.status = status;
        this.text = text;
        this.jsonPath = jsonPath;
        this.maxMicros = maxMicros;
    }

    /** A check object may hold several assertions; each becomes its own counted check. */
    static List<CompiledCheck> of(Check c, String endpoint, StatsCollector stats) {
        List<CompiledCheck> out = new ArrayList<>();
        if (c.status != null) {
            String d = "status is " + c.status;
            out.add(new CompiledCheck(Kind.STATUS, d, stats.check(endpoint, d), c.status, null, null, 0));
        }
        if (c.bodyContains != null) {
            String d = "body contains \"" + c.bodyContains + "\"";
            out.add(new CompiledCheck(Kind.BODY_CONTAINS, d, stats.check(endpoint, d), 0, c.bodyContains, null, 0));
        }
        if (c.json != null) {
            String d = c.json.path + (c.json.equals == null ? " exists" : " == " + c.json.equals);
            out.add(new CompiledCheck(
                    Kind.JSON, d, stats.check(endpoint, d), 0, c.json.equals, JsonPaths.parse(c.json.path), 0));
        }
        if (c.maxDuration != null) {
            String d = "duration < " + c.maxDuration;
            long micros = Durations.parse(c.maxDuration).toNanos() / 1000;
            out.add(new CompiledCheck(Kind.MAX_DURATION, d, stats.check(endpoint, d), 0, null, null, micros));
        }
        return out;
    }

    boolean needsBody() {
        return kind == Kind.BODY_CONTAINS || kind == Kind.JSON;
    }

    boolean test(HttpResponse r, long latencyMicros, ResponseView view) {
        return switch (kind) {
            case STATUS -> r.status() == status;
            case BODY_CONTAINS -> view.text().contains(text);
            case JSON -> {
                JsonNode node = view.at(jsonPath);
                yield node != null
                        && !node.isMissingNode()
                        && (text == null || text.equals(node.isValueNode() ? node.asText() : node.toString()));
            }
            case MAX_DURATION -> latencyMicros < maxMicros;
        };
    }

    boolean isStatus() {
        return kind == Kind.STATUS;
    }
}
