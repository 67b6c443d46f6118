package dev.loadtest.engine.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). A query must come
 * back as one number: a scalar, or a vector of one series; anything else is reported, not guessed.
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final Map<String, String> headers;
    /** One client for every query of every run: its threads and connections are shared. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** @param headers e.g. Authorization, added to every query */
    public PrometheusClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = headers;
    }

    /** A query's value, or why there is none. */
    public record Answer(Double value, String problem) {
        static Answer of(double v) {
            return new Answer(v, null);
        }

        static Answer none(String why) {
            return new Answer(null, why);
        }
    }

    public Answer query(String promql) {
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
            headers.forEach(request::header); // a credential with a line break is refused here, and said
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none("interrupted");
        } catch (Exception e) {
            return Answer.none("Prometheus at " + baseUrl + " did not answer: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception e) {
            return Answer.none("Prometheus answered HTTP " + response.statusCode() + " with no JSON"
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (check the credentials)" : ""));
        }
        if (!"success".equals(body.path("status").asText())) {
            return Answer.none(
                    "Prometheus rejected the query (" + body.path("errorType").asText("HTTP " + response.statusCode())
                            + "): " + body.path("error").asText(""));
        }
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asText()) {
            case "scalar" -> number(result.path(1));
            case "vector" -> {
                if (result.isEmpty()) {
                    yield Answer.none("the query returned no series (yet)");
                }
                if (result.size() > 1) {
                    yield Answer.none("the query returned " + result.size()
                            + " series; aggregate it to one number, e.g. sum(...) or avg(...)");
                }
                yield number(result.get(0).path("value").path(1));
            }
            default ->
                Answer.none("the query returned a " + data.path("resultType").asText()
                        + "; use an instant expression returning one number");
        };
    }

    private static Answer number(JsonNode text) {
        try {
            // Prometheus writes infinities as +Inf/-Inf (histogram_quantile above the top bucket)
            double v = switch (text.asText()) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text.asText());
            };
            return Double.isNaN(v) ? Answer.none("the query's value is NaN (e.g. 0/0)") : Answer.of(v);
        } catch (NumberFormatException e) {
            return Answer.none("the query's value \"" + text.asText() + "\" is not a number");
        }
    }
}
