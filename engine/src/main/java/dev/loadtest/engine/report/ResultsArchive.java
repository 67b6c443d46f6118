package dev.loadtest.engine.report;

import dev.loadtest.engine.stats.Resampling;
import dev.loadtest.engine.stats.RunSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Results packed for storage next to a LoadTest: results.json, gzip-compressed, with the time series
 * coarsened (adjacent intervals merged, exactly) until it fits {@code maxBytes}, dropped if even
 * one interval does not fit. Totals and percentiles are never affected. The operator writes it; {@code loadtest report} reads it.
 */
public final class ResultsArchive {
    public static final String KEY = "results.json.gz";
    public static final int MAX_BYTES = 900 * 1024;

    private ResultsArchive() {}

    /** The packed bytes and the snapshot they hold (coarsened if it had to be). */
    public record Packed(byte[] bytes, RunSnapshot snapshot) {}

    public static Packed pack(RunSnapshot snapshot, int maxBytes) {
        RunSnapshot stored = snapshot;
        byte[] gz = gzip(stored);
        while (gz.length > maxBytes && stored.intervals.size() > 1) {
            stored = Resampling.coarsen(stored, 2);
            gz = gzip(stored);
        }
        if (gz.length > maxBytes && !stored.intervals.isEmpty()) {
            // hundreds of endpoints: even one interval repeats the totals once more than fits.
            // The totals (every count and percentile) are kept, the time series goes
            RunSnapshot totalsOnly = stored.header();
            totalsOnly.totals = stored.totals;
            totalsOnly.checks = stored.checks;
            stored = totalsOnly;
            gz = gzip(stored);
        }
        return new Packed(gz, stored);
    }

    public static RunSnapshot unpack(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return ResultsFile.fromBytes(in.readAllBytes());
        }
    }

    private static byte[] gzip(RunSnapshot s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(ResultsFile.toBytes(s));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
