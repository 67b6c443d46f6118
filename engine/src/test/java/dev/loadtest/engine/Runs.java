package dev.loadtest.engine;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.run.LoadRun;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunResult;
import java.nio.file.Path;
import java.util.Map;

/** Runs a LoadTest written inline in a test, with 500 ms intervals. */
public final class Runs {
    private Runs() {}

    public static LoadTest parse(String yaml) {
        return LoadTestParser.parse(yaml, "test.yaml");
    }

    public static RunResult run(String yaml) {
        return run(yaml, Map.of(), null);
    }

    public static RunResult run(String yaml, Map<String, String> env, Path baseDir) {
        LoadTest test = parse(yaml);
        return new LoadRun(test, "test.yaml", new RunOptions(baseDir, env, 500)).run(p -> {});
    }

    /** A LoadTest with the given load and scenario sections against {@code url}. */
    public static String spec(String url, String load, String scenario) {
        return """
                apiVersion: loadtest.dev/v1alpha1
                kind: LoadTest
                metadata: {name: t}
                spec:
                  target: {url: %s, timeout: 5s}
                  load: %s
                %s
                """.formatted(url, load, scenario.indent(2));
    }
}
