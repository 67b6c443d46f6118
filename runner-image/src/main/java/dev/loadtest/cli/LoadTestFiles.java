package dev.loadtest.cli;

import dev.loadtest.api.model.LoadTest;
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

    static LoadTest read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidLoadTestException(file.toString(), List.of(new Problem("(file)", "does not exist")));
        } catch (IOException e) {
            throw new InvalidLoadTestException(
                    file.toString(), List.of(new Problem("(file)", "cannot be read: " + e.getMessage())));
        }
        return LoadTestParser.parse(text, file.toString());
    }
}
