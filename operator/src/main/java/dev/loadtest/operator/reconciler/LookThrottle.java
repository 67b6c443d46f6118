package dev.loadtest.operator.reconciler;

import dev.loadtest.operator.crd.LoadTestResource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often the runners of one test are asked: a churn of pod events must not make a look (a pull
 * of every runner, a status write) of each.
 */
final class LookThrottle {
    /** When each starting or running test's runners were last asked (System.nanoTime), by uid. */
    private final Map<String, Long> lastLook = new ConcurrentHashMap<>();

    /**
     * How long until the runners of {@code lt} may be asked again, at most once {@code every}; empty
     * when they may be now (and the ask is recorded). On a monotonic clock: a step back of the wall
     * clock would stop the looks.
     */
    Optional<Duration> untilNextLook(LoadTestResource lt, Duration every) {
        long now = System.nanoTime();
        Long last = lastLook.get(lt.getMetadata().getUid());
        long wait = last == null ? 0 : last + every.toNanos() - now;
        if (wait > 0) {
            return Optional.of(Duration.ofNanos(wait));
        }
        lastLook.put(lt.getMetadata().getUid(), now);
        // a test deleted while a look was under way put its entry back after forget
        lastLook.values().removeIf(t -> now - t > Duration.ofMinutes(10).toNanos());
        return Optional.empty();
    }

    /** A test that ended or was deleted is looked at no more. */
    void forget(String uid) {
        lastLook.remove(uid);
    }
}
