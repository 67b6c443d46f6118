package dev.loadtest.engine.report;

import dev.loadtest.engine.stats.EndpointStats;
import dev.loadtest.engine.stats.Resampling;
import dev.loadtest.engine.stats.RunSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Results packed for storage next to a LoadTest: results.json, gzip-compressed, with the time series
 * coarsened (adjacent intervals merged, exactly) until it fits {@code maxBytes}, dropped if even
 * one interval does not fit; with thousands of endpoints, the quietest are then added up into one,
 * {@value #OTHER_ENDPOINTS} (never those a threshold names). The run's totals and percentiles are
 * never affected. The operator writes it; {@code loadtest report} reads it.
 */
public final class ResultsArchive {
    public static final String KEY = "results.json.gz";
    /**
     * Beside the results: the spec the run started with, as its runners ran it (JSON: without
     * spec.runners and spec.cleanup, a config map's data set as the runner's file path).
     */
    public static final String SPEC_KEY = "spec.json";

    public static final int MAX_BYTES = 900 * 1024;

    private ResultsArchive() {}

    /** The packed bytes and the snapshot they hold (coarsened if it had to be). */
    public record Packed(byte[] bytes, RunSnapshot snapshot) {}

    public static Packed pack(RunSnapshot snapshot, int maxBytes) {
        return pack(snapshot, maxBytes, Set.of());
    }

    /**
     * As {@link #pack(RunSnapshot, int)}, never folding the endpoints in {@code named} (those a
     * threshold names: judged again from the stored results, they must be there as they were).
     */
    public static Packed pack(RunSnapshot snapshot, int maxBytes, Set<String> named) {
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
        while (gz.length > maxBytes
                && foldable(stored, named).size() > (stored.totals.containsKey(OTHER_ENDPOINTS) ? 0 : 1)) {
            // still too large for a ConfigMap (thousands of endpoints): the busiest half keep their
            // own figures, the rest are added up (exactly) into one; the run's totals do not change
            stored = foldQuietestHalf(stored, named);
            gz = gzip(stored);
        }
        return new Packed(gz, stored);
    }

    /** The endpoints that everything not stored on its own is added up into. */
    public static final String OTHER_ENDPOINTS = "(other endpoints)";

    /** The endpoints that may be added up into {@value #OTHER_ENDPOINTS}. */
    private static List<Map.Entry<String, EndpointStats>> foldable(RunSnapshot s, Set<String> named) {
        List<Map.Entry<String, EndpointStats>> all = new ArrayList<>(s.totals.entrySet());
        all.removeIf(e -> e.getKey().equals(OTHER_ENDPOINTS) || named.contains(e.getKey()));
        return all;
    }

    private static RunSnapshot foldQuietestHalf(RunSnapshot s, Set<String> named) {
        List<Map.Entry<String, EndpointStats>> byRequests = foldable(s, named);
        byRequests.sort(Comparator.comparingLong(
                        (Map.Entry<String, EndpointStats> e) -> e.getValue().requests())
                .reversed()
                .thenComparing(Map.Entry::getKey));
        int keep = byRequests.size() / 2;
        RunSnapshot folded = s.header();
        folded.checks = s.checks;
        EndpointStats other = s.totals.containsKey(OTHER_ENDPOINTS)
                ? s.totals.get(OTHER_ENDPOINTS).copy()
                : new EndpointStats();
        for (String n : named) {
            if (s.totals.containsKey(n)) {
                folded.totals.put(n, s.totals.get(n));
            }
        }
        for (int i = 0; i < byRequests.size(); i++) {
            if (i < keep) {
                folded.totals.put(byRequests.get(i).getKey(), byRequests.get(i).getValue());
            } else {
                other.addAll(byRequests.get(i).getValue());
            }
        }
        folded.totals.put(OTHER_ENDPOINTS, other);
        return folded;
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
