package dev.loadtest.engine.scenario;

import dev.loadtest.engine.stats.EndpointRecorder;
import java.util.List;

/** A request with its endpoint's recorder, checks, extracts and pause; shared by all users. */
record CompiledStep(
        String endpoint,
        EndpointRecorder recorder,
        CompiledRequest request,
        List<CompiledCheck> checks,
        List<Extractor> extractors,
        long pauseNanos,
        boolean needsBody,
        boolean needsHeaders,
        boolean hasStatusCheck) {

    static CompiledStep of(
            String endpoint,
            EndpointRecorder recorder,
            CompiledRequest request,
            List<CompiledCheck> checks,
            List<Extractor> extractors,
            long pauseNanos) {
        boolean body = checks.stream().anyMatch(CompiledCheck::needsBody)
                || extractors.stream().anyMatch(Extractor::needsBody);
        boolean headers = extractors.stream().anyMatch(Extractor::needsHeaders);
        boolean status = checks.stream().anyMatch(CompiledCheck::isStatus);
        return new CompiledStep(
                endpoint,
                recorder,
                request,
                List.copyOf(checks),
                List.copyOf(extractors),
                pauseNanos,
                body,
                headers,
                status);
    }
}
