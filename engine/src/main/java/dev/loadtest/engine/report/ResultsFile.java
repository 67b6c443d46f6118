package dev.loadtest.engine.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loadtest.engine.stats.RunSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code results.json}: the raw, mergeable results (every interval, every endpoint, compressed
 * histograms). Reports and the operator read this same format.
 */
public final class ResultsFile {
    public static final String NAME = "results.json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultsFile() {}

    public static ObjectMapper mapper() {
        return JSON;
    }

    public static void write(RunSnapshot snapshot, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), snapshot);
    }

    public static RunSnapshot read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunSnapshot.class);
    }

    public static byte[] toBytes(RunSnapshot snapshot) throws IOException {
        return JSON.writeValueAsBytes(snapshot);
    }

    public static RunSnapshot fromBytes(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, RunSnapshot.class);
    }
}
