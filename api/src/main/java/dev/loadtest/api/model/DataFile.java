package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A CSV file with a header row; user N takes row N (wrapping), used as ${data.NAME.COLUMN}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.file) || has(self.configMapKeyRef)",
        message = "set file (a CSV path) or configMapKeyRef (in a cluster)")
public class DataFile {
    @JsonPropertyDescription("Name used in templates.")
    @Required
    public String name;

    @JsonPropertyDescription("Path of the CSV file, relative to the LoadTest file; in a cluster an absolute path"
            + " under a spec.runners.volumes mountPath (e.g. a persistentVolumeClaim's).")
    public String file;

    @JsonPropertyDescription("In a cluster: a config map key holding the CSV.")
    public KeyRef configMapKeyRef;
}
