package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A secret, config map or persistent volume claim mounted read-only into runner pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "(has(self.secret) ? 1 : 0) + (has(self.configMap) ? 1 : 0) + (has(self.persistentVolumeClaim) ? 1 : 0)"
                + " == 1",
        message = "set secret, configMap or persistentVolumeClaim, one of them")
public class RunnerVolume {
    @JsonPropertyDescription("Volume name in the runner pod: a DNS label (lowercase letters, digits and '-');"
            + " names starting with loadtest- are the operator's own.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    public String name;

    @JsonPropertyDescription("Where it is mounted in the runner container.")
    @Required
    public String mountPath;

    @JsonPropertyDescription("Name of a secret to mount.")
    public String secret;

    @JsonPropertyDescription("Name of a config map to mount.")
    public String configMap;

    @JsonPropertyDescription("Name of a persistent volume claim to mount read-only, e.g. data files over a config"
            + " map's 1 MiB (every runner mounts it: ReadOnlyMany or ReadWriteMany across nodes).")
    public String persistentVolumeClaim;
}
