package dev.loadtest.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loadtest.engine.report.K6SummaryExport;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.threshold.ThresholdResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What `run --out` and `report --out` write: results.json (raw, mergeable) and summary.json (k6 shape). */
final class ResultsWriter {
    private ResultsWriter() {}

    static void write(Path dir, RunSnapshot snapshot, List<ThresholdResult> thresholds) throws IOException {
        ResultsFile.write(snapshot, dir.resolve(ResultsFile.NAME));
        ResultsFile.mapper()
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), K6SummaryExport.build(snapshot, thresholds));
    }
}
