package dev.loadtest.operator.reconciler;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.Condition;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.api.status.Phase;
import dev.loadtest.api.template.EnvTemplate;
import dev.loadtest.engine.run.SpecEnvironment;
import dev.loadtest.operator.crd.LoadTestResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Who may load a target now: the per-target queue's admissions (docs/controller-flow.md, "Queue").
 * The order comes from {@link TargetQueue}; this adds what the informer's cache does not show yet.
 * A test admitted here holds its target from that moment, before its Starting status is written
 * (its pods are made first, seconds at a thousand runners), until it ends or is deleted. In memory:
 * the operator runs as one replica, and after a restart the tests that have runner pods hold theirs.
 */
final class Admissions {
    /** What a test was admitted to load, and its name for the messages of those queued behind it. */
    private record Admission(String target, String name) {}

    /** By uid; read and written under {@link #lock} when admitting. */
    private final Map<String, Admission> admitted = new ConcurrentHashMap<>();

    private final Object lock = new Object();

    /**
     * LoadTests deleted lately (the newest 10,000): a reconcile of one still under way when it was
     * deleted must not record it as admitted after {@link #deleted} forgot it, or it would hold its
     * target's queue until the operator restarts.
     */
    private final Set<String> deletedLately =
            Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));

    /**
     * The tests ahead of {@code lt} on {@code target} (namespace/name); fewer than {@code limit}, and
     * {@code lt} is admitted, in the same step: two tests reconciled at once cannot both pass.
     *
     * @param others the LoadTests the informer's cache lists
     * @param hasRunnerPods whether {@code lt} has runner pods: admitted before (its Starting write was
     *     lost or not made yet), it holds its place, or two tests that each see the other first would
     *     wait for ever
     * @param withRunnerPods the uids of the tests that have runner pods
     */
    List<String> ahead(
            LoadTestResource lt,
            String target,
            List<LoadTestResource> others,
            boolean hasRunnerPods,
            Set<String> withRunnerPods,
            int limit) {
        String uid = lt.getMetadata().getUid();
        Admission mine = admitted.get(uid);
        // admitted for another target (its spec edited before Starting was written): queued again
        if (hasRunnerPods || (mine != null && mine.target().equals(target))) {
            return List.of();
        }
        synchronized (lock) {
            admitted.remove(uid);
            List<String> ahead = new ArrayList<>(TargetQueue.ahead(
                    lt,
                    target,
                    others,
                    // the target it was admitted with, whatever an edit since says
                    o -> {
                        Admission a = admitted.get(o.getMetadata().getUid());
                        return a != null ? a.target() : targetOf(o);
                    },
                    // admitted here: until it ends (forget); with runner pods: unless it ended (a
                    // failed run keeps its pods for their logs; an Invalid one fixed since and
                    // admitted has not)
                    o -> admitted.containsKey(o.getMetadata().getUid())
                            || ((TargetQueue.notEnded(o)
                                            || o.getStatus().phase == Phase.Invalid && respecified(o, o.getStatus()))
                                    && withRunnerPods.contains(o.getMetadata().getUid()))));
            // admitted ones this reconcile's list of tests does not show yet (a test created, and
            // admitted by another reconcile, after that list was taken)
            Set<String> listed =
                    others.stream().map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
            admitted.forEach((other, a) -> {
                if (!other.equals(uid) && !listed.contains(other) && a.target().equals(target)) {
                    ahead.add(a.name());
                }
            });
            if (ahead.size() < limit) {
                admitted.put(
                        uid,
                        new Admission(
                                target,
                                lt.getMetadata().getNamespace() + "/"
                                        + lt.getMetadata().getName()));
                if (deletedLately.contains(uid)) {
                    admitted.remove(uid); // deleted while this reconcile ran
                }
            }
            return ahead;
        }
    }

    /** A LoadTest ended: it no longer holds its target. */
    void forget(String uid) {
        admitted.remove(uid);
    }

    /** A LoadTest was deleted: it holds nothing, even if an admission of it is under way. */
    void deleted(String uid) {
        deletedLately.add(uid); // first: an admission under way checks it after recording itself
        admitted.remove(uid);
    }

    /** An Invalid LoadTest whose spec was changed since it was judged (maybe fixed). */
    static boolean respecified(LoadTestResource lt, LoadTestStatus status) {
        Long judged = status.observedGeneration;
        if (judged == null) { // judged by an operator that did not record it: the Valid condition did
            judged = status.conditions.stream()
                    .filter(c -> Condition.VALID.equals(c.type))
                    .map(c -> c.observedGeneration)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        }
        return judged != null && lt.generation() > judged;
    }
    /**
     * The target a test loads or will load: a test admitted holds the one it was admitted with (an
     * edit of its spec after that changes nothing of its run, so nothing of its place either).
     */
    static String targetOf(LoadTestResource o) {
        if (o.getStatus() != null && o.getStatus().targetUrl != null) {
            return o.getStatus().targetUrl;
        }
        try {
            return targetKey(LoadTestParser.effective(o.asLoadTest()).spec);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * The target a spec loads, as the queue knows it: {@code spec.target.url} with its {@code
     * ${env.NAME}} expanded from the values the spec itself sets, as a runner sees them (the engine's
     * RunInputs): spec.runners.env as the kubelet expands it, a value of spec.env over it. A variable
     * from a secret or config map cannot be read here: such a URL is the key as written, shared by
     * every test that writes it so, and no secret reaches status.
     */
    static String targetKey(LoadTestSpec spec) {
        String url = spec.target == null ? null : spec.target.url;
        if (url == null || !url.contains("${")) {
            return url;
        }
        Map<String, String> env = SpecEnvironment.of(spec, Map.of(), Map.of());
        try {
            return EnvTemplate.expand(url, env);
        } catch (IllegalArgumentException notSetHere) {
            return url;
        }
    }
}
