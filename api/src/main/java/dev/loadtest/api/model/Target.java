package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The system under test. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Target {
    @JsonPropertyDescription("Base URL that request paths are relative to, e.g. http://api.shop.svc:8080; may be"
            + " ${env.NAME} (a variable of spec.env, e.g. from a secret), fixed for the whole run.")
    public String url;

    @JsonPropertyDescription("Accept any TLS certificate (self-signed test environments). Default false.")
    public Boolean insecureSkipTlsVerify;

    @JsonPropertyDescription("Default request timeout, e.g. 30s. Default 60s.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String timeout;

    @JsonPropertyDescription("The target's Kubernetes workload, watched during the run (optional).")
    public Workload workload;

    @JsonPropertyDescription("Prometheus queries sampled during the run (optional), judged as prometheus.NAME.")
    public Prometheus prometheus;
}
