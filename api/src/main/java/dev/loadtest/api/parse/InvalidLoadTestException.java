package dev.loadtest.api.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A LoadTest that cannot run, with every problem found (not only the first). */
public class InvalidLoadTestException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidLoadTestException(String source, List<Problem> problems) {
        super(source + " is invalid:\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
