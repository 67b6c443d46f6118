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
import java.util.function.Consumer;

/**
 * Creates or deletes runner pods a few at a time: one after another, 1,000 pods took 15-30 s of API
 * round trips (more behind admission webhooks) in one reconcile; all at once would be a burst of
 * writes the API server's fairness rules throttle anyway. {@value #AT_ONCE} in flight bounds the
 * write rate and keeps 1,000 pods to about a second or two.
 */
final class PodBatch {
    static final int AT_ONCE = 16;

    private PodBatch() {}

    /** What became of one pod's call: done (null failure), or the API server's refusal. */
    record Result(Pod pod, KubernetesClientException failure) {}

    /** Creates every pod in {@code namespace}; one result per pod, in order. Other errors are thrown. */
    static List<Result> createAll(KubernetesClient client, String namespace, List<Pod> pods) {
        return forEach(
                pods, p -> client.pods().inNamespace(namespace).resource(p).create());
    }

    /** Deletes every pod (by name) in {@code namespace}; one result per pod, in order. */
    static List<Result> deleteAll(KubernetesClient client, String namespace, List<Pod> pods) {
        return forEach(
                pods,
                p -> client.pods()
                        .inNamespace(namespace)
                        .withName(p.getMetadata().getName())
                        .delete());
    }

    private static List<Result> forEach(List<Pod> pods, Consumer<Pod> call) {
        Semaphore slots = new Semaphore(AT_ONCE);
        List<Future<Result>> pending = new ArrayList<>(pods.size());
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Pod pod : pods) {
                slots.acquireUninterruptibly();
                pending.add(exec.submit(() -> {
                    try {
                        call.accept(pod);
                        return new Result(pod, null);
                    } catch (KubernetesClientException e) {
                        return new Result(pod, e);
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
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }
}
