package dev.loadtest.api.parse;

/**
 * One thing wrong with a LoadTest: the field's path ({@code spec.load.rampUp}), what was found and
 * what is allowed. The CLI prints it; the operator puts it in a condition and an event.
 */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
