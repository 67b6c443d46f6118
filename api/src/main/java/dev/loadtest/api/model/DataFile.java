package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A CSV file with a header row; user N takes row N (wrapping), used as ${data.NAME.COLUMN}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataFile {
    @JsonPropertyDescription("Name used in templates.")
    public String name;

    @JsonPropertyDescription("Path of the CSV file, relative to the LoadTest file.")
    public String file;

    @JsonPropertyDescription("In a cluster: a config map key holding the CSV.")
    public KeyRef configMapKeyRef;
}
