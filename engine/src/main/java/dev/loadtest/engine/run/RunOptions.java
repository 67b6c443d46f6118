package dev.loadtest.engine.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run a LoadTest here.
 *
 * @param baseDir where relative data-file paths are resolved (the LoadTest file's folder)
 * @param processEnv the environment ${env.NAME} falls back to (and where valueFrom values arrive)
 * @param intervalMs length of a statistics interval; 0 picks one from the duration
 * @param share which part of the load this process runs (a runner pod's share, or the whole)
 */
public record RunOptions(Path baseDir, Map<String, String> processEnv, long intervalMs, RunnerShare share) {
    public RunOptions(Path baseDir, Map<String, String> processEnv, long intervalMs) {
        this(baseDir, processEnv, intervalMs, RunnerShare.WHOLE);
    }

    public static RunOptions local(Path baseDir) {
        return new RunOptions(baseDir, System.getenv(), 0);
    }

    public RunOptions withIntervalMs(long ms) {
        return new RunOptions(baseDir, processEnv, ms, share);
    }

    public RunOptions withShare(RunnerShare s) {
        return new RunOptions(baseDir, processEnv, intervalMs, s);
    }
}
