package dev.loadtest.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loadtest.engine.report.K6SummaryExport;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.target.TargetObservations;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What `run --out` and `report --out` write: results.json (raw, mergeable), summary.json (k6 shape)
 * and, for a watched target, target.json (its time series and events).
 */
final class ResultsWriter {
    private ResultsWriter() {}

    static void write(Path dir, RunSnapshot snapshot, List<ThresholdResult> thresholds) throws IOException {
        write(dir, snapshot, thresholds, null, null);
    }

    /**
     * With what the target did (target.json), when it was watched, and the abort rule that stopped
     * the run (a failed threshold in summary.json), or null.
     */
    static void write(
            Path dir,
            RunSnapshot snapshot,
            List<ThresholdResult> thresholds,
            TargetObservations target,
            String abortedBy)
            throws IOException {
        ResultsFile.write(snapshot, dir.resolve(ResultsFile.NAME));
        if (target != null) {
            ResultsFile.mapper().writeValue(dir.resolve(TargetObservations.FILE).toFile(), target);
        }
        ResultsFile.mapper()
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(
                        dir.resolve("summary.json").toFile(), K6SummaryExport.build(snapshot, thresholds, abortedBy));
    }
}
