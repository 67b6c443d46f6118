package dev.loadtest.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Creates or deletes runner pods a few at a time: one after another, 1,000 pods took 15-30 s of API
 * round trips (more behind admission webhooks) in one reconcile; all at once would be a burst of
 * writes the API server's fairness rules throttle anyway. {@value #AT_ONCE} in flight bounds the
 * write rate and keeps 1,000 pods to about a second or two.
 */
final class PodBatch {
    static final int AT_ONCE = 16;

    private PodBatch() {}

    /**
     * What became of one pod's call: done (no failure, not skipped), the API server's refusal, or
     * skipped (not sent, after another pod was refused for good).
     */
    record Result(Pod pod, KubernetesClientException failure, boolean skipped) {}

    /** A refusal a retry would meet again: a 4xx but a conflict (409) or throttling (429). */
    static boolean refusedForGood(KubernetesClientException e) {
        return e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 && e.getCode() != 429;
    }

    /**
     * Creates every pod in {@code namespace}; one result per pod, in order. Once one is refused for
     * good (a quota, an admission policy), the pods not yet sent are skipped: they would be refused
     * alike, or hold quota and scale nodes up for a run that ends in error. Other errors are thrown.
     */
    static List<Result> createAll(KubernetesClient client, String namespace, List<Pod> pods) {
        AtomicBoolean refused = new AtomicBoolean();
        return forEach(pods, p -> {
            if (refused.get()) {
                return false;
            }
            try {
                client.pods().inNamespace(namespace).resource(p).create();
                return true;
            } catch (KubernetesClientException e) {
                if (refusedForGood(e)) {
                    refused.set(true);
                }
                throw e;
            }
        });
    }

    /** Deletes every pod (by name) in {@code namespace}; one result per pod, in order. */
    static List<Result> deleteAll(KubernetesClient client, String namespace, List<Pod> pods) {
        return forEach(pods, p -> {
            client.pods()
                    .inNamespace(namespace)
                    .withName(p.getMetadata().getName())
                    .delete();
            return true;
        });
    }

    /** Calls {@code sent} on every pod, {@value #AT_ONCE} at a time; it answers whether it sent the call. */
    private static List<Result> forEach(List<Pod> pods, Predicate<Pod> sent) {
        Semaphore slots = new Semaphore(AT_ONCE);
        List<Future<Result>> pending = new ArrayList<>(pods.size());
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Pod pod : pods) {
                slots.acquireUninterruptibly();
                pending.add(exec.submit(() -> {
                    try {
                        return new Result(pod, null, !sent.test(pod));
                    } catch (KubernetesClientException e) {
                        return new Result(pod, e, false);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<Result> results = new ArrayList<>(pods.size());
        for (Future<Result> f : pending) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the API server for runner pods", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }
}
