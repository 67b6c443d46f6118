package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.Cleanup;
import dev.loadtest.api.status.Phase;

/** spec.cleanup.runnerPods: which finished runs lose their runner pods. */
final class CleanupPolicy {
    private CleanupPolicy() {}

    /**
     * {@code Always}: every finished run; {@code Never}: none; {@code OnSuccess} (the default): only
     * a run that passed, so a failed, aborted or errored run keeps its runners' logs.
     */
    static boolean deletesRunnerPods(Cleanup cleanup, Phase phase) {
        String policy = cleanup == null || cleanup.runnerPods == null ? "OnSuccess" : cleanup.runnerPods;
        return switch (policy) {
            case "Always" -> true;
            case "Never" -> false;
            default -> phase == Phase.Passed;
        };
    }
}
