package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A Prometheus server whose named queries are sampled during the run (prometheus.NAME in thresholds). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.bearerTokenSecret) && has(self.basicAuth))",
        message = "set bearerTokenSecret or basicAuth, not both")
public class Prometheus {
    @JsonPropertyDescription("Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090.")
    @Required
    public String url;

    @JsonPropertyDescription("A secret key holding a bearer token sent as 'Authorization: Bearer ...' (optional).")
    public KeyRef bearerTokenSecret;

    @JsonPropertyDescription("Basic authentication (optional): a user name and a secret key holding the password.")
    public BasicAuth basicAuth;

    @JsonPropertyDescription("How often the queries are sampled, e.g. 5s. Default: the operator's poll interval.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String interval;

    @JsonPropertyDescription("Named PromQL queries, each returning one number, e.g. a cache hit rate.")
    @Size(max = Limits.PROMETHEUS_QUERIES)
    @Required
    public List<PrometheusQuery> queries;

    /** User name and password for basic authentication. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BasicAuth {
        @JsonPropertyDescription("User name.")
        @Required
        public String username;

        @JsonPropertyDescription("A secret key holding the password.")
        @Required
        public KeyRef passwordSecret;
    }
}
