package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** How the operator sizes and places runner pods (ignored locally). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!(has(self.count) && has(self.usersPerRunner))",
        message = "set count or usersPerRunner, not both")
public class Runners {
    @JsonPropertyDescription("Users per runner pod: runners = ceil(users / usersPerRunner). Default 250.")
    @Min(1)
    public Integer usersPerRunner;

    @JsonPropertyDescription("An explicit runner count, instead of usersPerRunner.")
    @Min(1)
    public Integer count;

    @JsonPropertyDescription("Runner image (default: the operator's configured image).")
    public String image;

    @JsonPropertyDescription("CPU and memory of each runner (default requests 500m / 512Mi, limit 1Gi);"
            + " admission policies often reject pods without them.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Node labels runners must run on.")
    public Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations, e.g. for spot or dedicated load-generator nodes.")
    @Size(max = Limits.TOLERATIONS)
    public List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity, none by default (runners are spread across nodes by a topology spread"
            + " constraint whatever is set here).")
    public Affinity affinity;

    @JsonPropertyDescription("Service account of the runner pods.")
    public String serviceAccountName;

    @JsonPropertyDescription("Extra labels on runner pods.")
    public Map<String, String> labels;

    @JsonPropertyDescription("Extra annotations on runner pods (e.g. to configure a service-mesh sidecar).")
    public Map<String, String> annotations;

    @JsonPropertyDescription("Extra environment variables of runner pods (values from secrets or config maps allowed).")
    @Size(max = Limits.ENV)
    public List<EnvVar> env;

    @JsonPropertyDescription("Secrets, config maps and persistent volume claims mounted read-only into runner pods.")
    @Size(max = Limits.VOLUMES)
    public List<RunnerVolume> volumes;

    @JsonPropertyDescription(
            "How long runners may take to be scheduled and ready before the run ends as an error." + " Default 5m.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|us|µs|s|m|h))+$")
    public String startTimeout;
}
