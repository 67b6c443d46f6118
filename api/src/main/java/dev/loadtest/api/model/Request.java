package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** An HTTP request; every string may hold ${...} templates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.path) != has(self.url)",
        message = "set path (relative to spec.target.url) or url (absolute), one of them")
@ValidationRule(value = "!(has(self.json) && has(self.body))", message = "set json or body, not both")
public class Request {
    @JsonPropertyDescription("Endpoint name in results (default: the task or step name, else METHOD path).")
    public String name;

    @JsonPropertyDescription("GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS. Default GET.")
    public String method;

    @JsonPropertyDescription("Path relative to spec.target.url, e.g. /api/query.")
    public String path;

    @JsonPropertyDescription("Absolute URL, instead of path.")
    public String url;

    @JsonPropertyDescription("Query parameters, URL-encoded for you.")
    public Map<String, String> query;

    @JsonPropertyDescription("Request headers.")
    public Map<String, String> headers;

    @JsonPropertyDescription("A JSON body (any YAML value); sets Content-Type: application/json.")
    public JsonNode json;

    @JsonPropertyDescription("A raw body.")
    public String body;

    @JsonPropertyDescription("Timeout of this request, e.g. 5s (default spec.target.timeout).")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String timeout;
}
