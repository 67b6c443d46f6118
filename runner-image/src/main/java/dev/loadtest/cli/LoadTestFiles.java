package dev.loadtest.cli;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.ClusterRules;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.parse.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a LoadTest file; an unreadable file is an invalid input like any other. */
final class LoadTestFiles {
    private LoadTestFiles() {}

    /** Parsed and validated, with its profile applied (what a run uses). */
    static LoadTest read(Path file) {
        return LoadTestParser.parse(text(file), file.toString());
    }

    /** Checked by the rules of a run in a cluster (what the operator judges a LoadTest by). */
    /** Checks {@code file} as the operator will; returns what is allowed but likely a mistake there. */
    static List<Problem> checkForCluster(Path file) {
        LoadTest written = LoadTestParser.parseAsWritten(text(file), file.toString());
        List<Problem> problems = ClusterRules.validate(written);
        if (!problems.isEmpty()) {
            throw new InvalidLoadTestException(file.toString(), problems);
        }
        return ClusterRules.warnings(written);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidLoadTestException(file.toString(), List.of(new Problem("(file)", "does not exist")));
        } catch (IOException e) {
            throw new InvalidLoadTestException(
                    file.toString(), List.of(new Problem("(file)", "cannot be read: " + e.getMessage())));
        }
    }
}
