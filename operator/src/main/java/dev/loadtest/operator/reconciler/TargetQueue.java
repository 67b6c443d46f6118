package dev.loadtest.operator.reconciler;

import dev.loadtest.api.status.Phase;
import dev.loadtest.operator.crd.LoadTestResource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Who goes first on a target: the LoadTests already loading it, then those waiting, oldest first.
 * A test is admitted only when fewer than the limit are ahead of it. The order is decided by
 * creation time, not by who reconciles first, so two tests applied together cannot both see a
 * free target and start at once, and a waiting test is never overtaken by a newer one.
 */
final class TargetQueue {
    private TargetQueue() {}

    /**
     * Names (namespace/name) of the tests ahead of {@code lt} on {@code target}. {@code admitted}:
     * tests known to be admitted whatever phase the cache shows yet (still Pending while their pods
     * are made, or Invalid for a fixed spec admitted since): they hold the target.
     */
    static List<String> ahead(
            LoadTestResource lt,
            String target,
            List<LoadTestResource> others,
            Function<LoadTestResource, String> targetOf,
            Predicate<LoadTestResource> admitted) {
        return others.stream()
                .filter(o -> !Objects.equals(
                        o.getMetadata().getUid(), lt.getMetadata().getUid()))
                .filter(o -> holdsOrPrecedes(o, lt) || admitted.test(o))
                .filter(o -> Objects.equals(target, targetOf.apply(o)))
                .sorted(ORDER)
                .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .toList();
    }

    private static boolean holdsOrPrecedes(LoadTestResource other, LoadTestResource lt) {
        Phase phase = other.getStatus() == null ? null : other.getStatus().phase;
        if (phase != null && phase.active()) {
            return true; // it loads the target now
        }
        boolean waiting = phase == null || phase == Phase.Pending || phase == Phase.Queued;
        return waiting && ORDER.compare(other, lt) < 0;
    }

    static boolean notEnded(LoadTestResource o) {
        return o.getStatus() == null
                || o.getStatus().phase == null
                || !o.getStatus().phase.terminal();
    }

    /** Creation time (RFC 3339 strings of one format sort as times), then namespace and name. */
    static final Comparator<LoadTestResource> ORDER = Comparator.comparing((LoadTestResource r) ->
                    Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(r -> Objects.requireNonNullElse(r.getMetadata().getNamespace(), ""))
            .thenComparing(r -> r.getMetadata().getName());
}
