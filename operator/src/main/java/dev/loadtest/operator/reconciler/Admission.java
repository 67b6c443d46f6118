package dev.loadtest.operator.reconciler;

import static dev.loadtest.operator.reconciler.RunnerPodStates.ownedBy;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.ClusterRules;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.parse.Problem;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.status.RunnersStatus;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.events.Events;
import dev.loadtest.operator.metrics.LoadTestMetrics;
import dev.loadtest.operator.sizing.RunPlan;
import dev.loadtest.operator.sizing.RunSizer;
import dev.loadtest.operator.status.StatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** A new LoadTest: validated, queued behind others loading its target, sized, its runner pods created. */
class Admission {
    private final OperatorConfig config;

    private final Events events;

    private final LoadTestMetrics metrics;

    private final KubernetesClient client;

    private final RunEnd end;

    /** Who may load a target now: the per-target queue's admissions. */
    private final Admissions admissions = new Admissions();

    Admission(OperatorConfig config, Events events, LoadTestMetrics metrics, KubernetesClient client, RunEnd end) {
        this.config = config;
        this.events = events;
        this.metrics = metrics;
        this.client = client;
        this.end = end;
    }

    /** A LoadTest was deleted: it holds nothing any more. */
    void deleted(String uid) {
        admissions.deleted(uid);
    }

    /** A LoadTest that ended no longer holds its target. */
    void forget(String uid) {
        admissions.forget(uid);
    }

    /**
     * Validate, queue behind other tests of the same target, size, create runner pods. {@code
     * withRunnerPods}: the uids of tests that have runner pods (admitted, by this process or one
     * before a restart, whatever their phase shows yet).
     */
    Duration admit(
            LoadTestResource lt,
            LoadTestStatus status,
            List<LoadTestResource> others,
            List<Pod> pods,
            Set<String> withRunnerPods) {
        long generation = lt.generation();
        List<Problem> problems = ClusterRules.validate(lt.asLoadTest());
        if (!problems.isEmpty()) {
            String message = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
            status.phase = Phase.Invalid;
            status.observedGeneration = generation;
            status.message = "invalid spec: " + message + " (fix the spec and apply it again)";
            status.completionTime = Instant.now().toString();
            StatusBuilder.condition(status, Condition.VALID, false, "InvalidSpec", message, generation);
            StatusBuilder.condition(
                    status, Condition.COMPLETE, true, "InvalidSpec", "nothing was run: " + message, generation);
            RunEnd.notJudged(status, "nothing was run: the spec is invalid", generation);
            events.warning(lt, "InvalidSpec", message);
            metrics.finished(lt.getMetadata().getNamespace(), lt.getMetadata().getName(), Phase.Invalid.name());
            return RunRelease.ttlRequeue(lt, status);
        }
        StatusBuilder.condition(status, Condition.VALID, true, "Valid", "the spec is valid", generation);
        if (lt.stopRequested()) {
            return end.stoppedBeforeStart(lt, status);
        }
        LoadTest effective = LoadTestParser.effective(lt.asLoadTest());
        String target = Admissions.targetKey(effective.spec);
        if (target != null) {
            List<String> ahead = admissions.ahead(
                    lt, target, others, !pods.isEmpty(), withRunnerPods, config.maxConcurrentPerTarget());
            if (ahead.size() >= config.maxConcurrentPerTarget()) {
                String why = "waiting for " + String.join(", ", ahead) + " (at most " + config.maxConcurrentPerTarget()
                        + " LoadTest(s) load " + target + " at once, in the order they were created)";
                if (status.phase != Phase.Queued) {
                    events.normal(lt, "Queued", why);
                }
                status.phase = Phase.Queued;
                status.message = "queued: " + why;
                return Duration.ofSeconds(2);
            }
        }
        RunPlan plan = RunSizer.plan(effective.spec, config.usersPerRunner());
        List<Pod> stale = pods.stream()
                .filter(p -> RunnerPods.generation(p).map(g -> g != generation).orElse(false))
                .toList();
        if (!stale.isEmpty() || pods.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null)) {
            // An earlier admission made these runners from a spec edited since (its Starting write
            // was lost: a conflict with the edit, or the operator died). None has heard a start time,
            // so they are replaced, not mixed with runners of the new spec: runners of two specs or
            // two runner counts would load the target with shares that do not add up.
            // (16 at a time, as they were made: a thousand deleted one after another took minutes)
            PodBatch.deleteAll(
                            client,
                            lt.getMetadata().getNamespace(),
                            stale.stream()
                                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                                    .toList())
                    .stream()
                    .map(PodBatch.Result::failure)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .ifPresent(e -> {
                        throw e; // the reconcile is tried again; pods already going are left to go
                    });
            status.message = "the spec changed while its runners were being created: replacing them";
            return Duration.ofSeconds(1);
        }
        Set<String> existing = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        List<Pod> missing = new ArrayList<>();
        for (int i = 0; i < plan.runners(); i++) {
            if (!existing.contains(RunnerPods.name(lt.getMetadata().getName(), i))) {
                missing.add(RunnerPods.desired(lt, plan, i, config.runnerImage(), config.agentPort()));
            }
        }
        KubernetesClientException retryable = null;
        for (PodBatch.Result r : PodBatch.createAll(client, lt.getMetadata().getNamespace(), missing)) {
            KubernetesClientException e = r.failure();
            if (e == null) {
                continue;
            }
            String podName = r.pod().getMetadata().getName();
            if (e.getCode() == 409) {
                Pod other = client.pods()
                        .inNamespace(lt.getMetadata().getNamespace())
                        .withName(podName)
                        .get();
                if (other == null || ownedBy(other, lt.getMetadata().getUid())) {
                    continue; // ours: an earlier reconcile created it
                }
                // a deleted LoadTest of the same name: its pod is still going away
                status.message =
                        "waiting for runner pod " + podName + " of an earlier LoadTest of this name to be deleted";
                return Duration.ofSeconds(2);
            }
            if (PodBatch.refusedForGood(e)) {
                // a quota, an admission policy or a bad field: retrying would fail the same way
                if (status.runners == null) {
                    status.runners = new RunnersStatus();
                    status.runners.desired = plan.runners();
                }
                return end.error(
                        lt,
                        status,
                        "RunnerPodRejected",
                        "the API server refused runner pod " + podName + " (HTTP " + e.getCode() + "): " + rejection(e),
                        pods);
            }
            retryable = retryable == null ? e : retryable;
        }
        if (retryable != null) {
            throw retryable; // a server error or throttling: the reconcile is retried, made pods are kept
        }
        status.phase = Phase.Starting;
        status.targetUrl = target;
        status.observedGeneration = generation;
        status.runners = new RunnersStatus();
        status.runners.desired = plan.runners();
        status.users = new LoadTestStatus.Users();
        status.users.target = plan.peakUsers();
        status.message = "starting " + plan.runners() + " runner(s) for " + plan.peakUsers() + " users";
        StatusBuilder.condition(status, Condition.RUNNING, false, "Starting", status.message, generation);
        events.normal(lt, "Starting", status.message);
        for (Problem w : ClusterRules.warnings(lt.asLoadTest())) {
            events.warning(lt, "TargetIsLoopback", w.toString()); // every request would fail
        }
        return Duration.ofSeconds(1);
    }

    private static String rejection(io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
