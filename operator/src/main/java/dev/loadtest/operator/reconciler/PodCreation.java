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

/**
 * Creates runner pods a few at a time: one after another, 1,000 pods took 15-30 s of API round trips
 * (more behind admission webhooks) while the LoadTest said nothing; all at once would be a burst of
 * writes the API server's fairness rules throttle anyway. {@value #AT_ONCE} in flight bounds the
 * write rate and keeps 1,000 pods to about a second or two.
 */
final class PodCreation {
    static final int AT_ONCE = 16;

    private PodCreation() {}

    /** What became of one create: done (null failure), or the API server's refusal. */
    record Result(Pod pod, KubernetesClientException failure) {}

    /** Creates every pod in {@code namespace}; returns one result per pod, in order. Other errors are thrown. */
    static List<Result> createAll(KubernetesClient client, String namespace, List<Pod> pods) {
        Semaphore slots = new Semaphore(AT_ONCE);
        List<Future<Result>> pending = new ArrayList<>(pods.size());
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Pod pod : pods) {
                slots.acquireUninterruptibly();
                pending.add(exec.submit(() -> {
                    try {
                        client.pods().inNamespace(namespace).resource(pod).create();
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
                throw new IllegalStateException("interrupted while creating runner pods", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }
}
