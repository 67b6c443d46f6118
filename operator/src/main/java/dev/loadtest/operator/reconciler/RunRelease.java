package dev.loadtest.operator.reconciler;

import static dev.loadtest.operator.reconciler.RunnerPodStates.neverRan;
import static dev.loadtest.operator.reconciler.RunnerPodStates.podReady;

import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.runner.RunnerClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** After the end: runners released as the cleanup policy says, the LoadTest removed when its TTL passes. */
class RunRelease {
    /** Runners that will not exit are asked again for this long after the end, then left be. */
    private static final Duration RELEASE_FOR = Duration.ofMinutes(2);

    private final RunnerClient runners;

    private final KubernetesClient client;

    RunRelease(RunnerClient runners, KubernetesClient client) {
        this.runners = runners;
        this.client = client;
    }

    /**
     * After the end: release the runners, and remove the LoadTest when its TTL has passed. Never
     * runs it again.
     */
    Duration expire(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        Duration left = ttlRequeue(lt, status);
        if (left != null && left.isZero()) {
            client.resource(lt).delete();
            return null;
        }
        if (release(lt, status, pods)) {
            return left == null || left.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : left;
        }
        return left;
    }

    /**
     * Runners of a finished run: pods the cleanup policy removes are deleted; the others are told to
     * exit, so they complete and keep their logs. A pod that never ran (still Pending, e.g. not
     * schedulable) is deleted whatever the policy: it has no logs, and it would otherwise start
     * later and wait for a start that never comes. Idempotent; returns whether to look again.
     */
    private boolean release(LoadTestResource lt, LoadTestStatus status, List<Pod> pods) {
        List<Pod> live = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (live.isEmpty()) {
            return false;
        }
        boolean deleteAll = CleanupPolicy.deletesRunnerPods(lt.getSpec().cleanup, status.phase);
        List<Pod> delete = live.stream().filter(p -> deleteAll || neverRan(p)).toList();
        List<Pod> exit = live.stream()
                .filter(p -> !(deleteAll || neverRan(p)) && podReady(p))
                .toList();
        runners.forAll(exit, runners::shutdown);
        if (deleteAll) {
            // one call for them all (a thousand runners: one request, not a thousand); the label
            // selects this test's runners, and a LoadTest's name is its own in its namespace
            client.pods()
                    .inNamespace(lt.getMetadata().getNamespace())
                    .withLabel(RunnerPods.MANAGED_BY, RunnerPods.OPERATOR)
                    .withLabel(RunnerPods.TEST_LABEL, lt.getMetadata().getName())
                    .delete();
        } else {
            PodBatch.deleteAll(client, lt.getMetadata().getNamespace(), delete).stream()
                    .map(PodBatch.Result::failure)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .ifPresent(e -> {
                        throw e; // retried with the release, as a single failed delete was
                    });
        }
        boolean recent = status.completionTime == null
                || Instant.parse(status.completionTime).plus(RELEASE_FOR).isAfter(Instant.now());
        return recent && (!delete.isEmpty() || !exit.isEmpty()); // until they are gone or have exited
    }

    static Duration ttlRequeue(LoadTestResource lt, LoadTestStatus status) {
        Integer ttl = lt.getSpec().cleanup == null ? null : lt.getSpec().cleanup.ttlSecondsAfterFinished;
        if (ttl == null || status.completionTime == null) {
            return null;
        }
        Duration left = Duration.between(
                Instant.now(), Instant.parse(status.completionTime).plusSeconds(ttl));
        return left.isNegative() ? Duration.ZERO : left.plusMillis(100);
    }
}
