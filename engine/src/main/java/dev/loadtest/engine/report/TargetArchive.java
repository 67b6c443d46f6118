package dev.loadtest.engine.report;

import dev.loadtest.engine.target.TargetObservations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Target observations packed for storage next to a LoadTest (gzip JSON); the operator writes, reports read. */
public final class TargetArchive {
    public static final String KEY = "target.json.gz";

    private TargetArchive() {}

    public static byte[] pack(TargetObservations o) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(ResultsFile.mapper().writeValueAsBytes(o));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TargetObservations unpack(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return ResultsFile.mapper().readValue(in.readAllBytes(), TargetObservations.class);
        }
    }
}
