package dev.loadtest.operator.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.SnapshotWire;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.dependent.RunnerPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The operator's end of the reporting channel: it pulls each runner's status and cumulative
 * snapshot over HTTP (no API-server writes per runner, so 1,000 runners cost the API server
 * nothing), and posts the common start time, stop and shutdown. Calls to many runners run in
 * parallel on virtual threads, at most {@code pullConcurrency} at once.
 */
@ApplicationScoped
public class RunnerClient {
    private static final Logger LOG = Logger.getLogger(RunnerClient.class);
    private static final ObjectMapper JSON = ResultsFile.mapper();
    private static final String ACCEPT_BINARY = SnapshotWire.MEDIA_TYPE + ", application/json;q=0.5";
    private static final String ACCEPT_JSON = "application/json";
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final int defaultPort;
    private final Semaphore concurrency;
    /** Snapshots received and not yet merged: at most pullConcurrency, whatever the runner count. */
    private final Semaphore bodies;
    /**
     * One final merge at a time, over every LoadTest: each holds 40-50 MB at 1,000 runners, and two
     * at once would not fit the operator's heap (an OOM kill, then the same merges again at restart).
     */
    private final Semaphore finalMerges = new Semaphore(1);

    private final KubernetesClient kubernetes;
    private final boolean viaApiProxy;

    public RunnerClient(OperatorConfig config, KubernetesClient kubernetes) {
        this.defaultPort = config.agentPort();
        this.concurrency = new Semaphore(config.pullConcurrency());
        this.bodies = new Semaphore(config.pullConcurrency());
        this.kubernetes = kubernetes;
        this.viaApiProxy = "api-proxy".equals(config.runnerAccess());
    }

    public Optional<AgentStatus> status(Pod pod) {
        return get(pod, "/status", null).map(r -> read(r.body(), AgentStatus.class));
    }

    /** The runner's cumulative results (final once it has finished), with the time series. */
    public Optional<RunSnapshot> snapshot(Pod pod) {
        return get(pod, "/snapshot", ACCEPT_BINARY).map(RunnerClient::snapshot);
    }

    /** The runner's totals and checks only: small, for live status. */
    public Optional<RunSnapshot> totals(Pod pod) {
        return get(pod, "/snapshot?totals=true", ACCEPT_BINARY).map(RunnerClient::snapshot);
    }

    /**
     * Pulls every runner's snapshot and folds each into one merge as it arrives, so at most
     * pullConcurrency snapshots are held at once (and the merge's batch, see RunSnapshot.Merger).
     * Runners answer in the binary wire format, which is decoded straight into the merge; a runner
     * that answers JSON (an older image) is decoded first. A binary answer that does not decode
     * (the merge takes all of it or none, see RunSnapshot.Merger#addWire) is logged and the runner
     * asked once more, for JSON, in the same pull: one bad body neither stalls the merge nor leaves a
     * runner out unnoticed. Returns the merge and how many runners answered.
     */
    public Merged pullMerged(List<Pod> pods, boolean withTimeSeries) {
        return pullMerged(pods, withTimeSeries ? "/snapshot" : "/snapshot?totals=true");
    }

    /**
     * The final pull: each runner's time series merged into windows of {@code windowMs} from the
     * run's published start, so the merge holds a bounded number of series however long the run
     * (with 1 s intervals, 10 runners of a 10-minute run overflowed a 96 MB heap; docs/benchmarks.md).
     */
    public Merged pullMerged(List<Pod> pods, long anchorEpochMs, long windowMs) {
        finalMerges.acquireUninterruptibly();
        try {
            return pullMerged(pods, "/snapshot?anchor=" + anchorEpochMs + "&windowMs=" + windowMs);
        } finally {
            finalMerges.release();
        }
    }

    private Merged pullMerged(List<Pod> pods, String path) {
        RunSnapshot.Merger merger = new RunSnapshot.Merger();
        int[] answered = {0};
        forAll(pods, p -> {
            try {
                bodies.acquire(); // held until this runner's body is merged or dropped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            try {
                pullInto(merger, p, path, answered);
            } finally {
                bodies.release();
            }
            return null;
        });
        synchronized (merger) {
            return new Merged(answered[0] == 0 ? null : merger.result(), answered[0]);
        }
    }

    /** Pulls one runner's snapshot into the merge, asking again for JSON if its binary form does not decode. */
    private void pullInto(RunSnapshot.Merger merger, Pod p, String path, int[] answered) {
        get(p, path, ACCEPT_BINARY).ifPresent(r -> {
            RuntimeException failed = merge(merger, r, answered);
            if (failed == null) {
                return;
            }
            if (!isBinary(r)) {
                LOG.warnf("runner %s: its snapshot (JSON) does not merge, left out: %s", name(p), failed);
                return;
            }
            LOG.warnf("runner %s: its binary snapshot does not decode, asking it again for JSON: %s", name(p), failed);
            Optional<Answer> again = get(p, path, ACCEPT_JSON);
            if (again.isEmpty()) {
                LOG.warnf("runner %s: no answer when asked again for JSON, left out", name(p));
                return;
            }
            RuntimeException stillFailed = merge(merger, again.get(), answered);
            if (stillFailed != null) {
                LOG.warnf(
                        "runner %s: its snapshot asked for as JSON (%s) does not merge either, left out: %s",
                        name(p), again.get().contentType(), stillFailed);
            }
        });
    }

    /** Folds one answer into the merge; returns why it could not be, or null. */
    private static RuntimeException merge(RunSnapshot.Merger merger, Answer r, int[] answered) {
        try {
            // A JSON answer is put in the binary form first, so it passes the same whole-body check
            // and is merged all or nothing too.
            byte[] wire = isBinary(r) ? r.body() : SnapshotWire.write(read(r.body(), RunSnapshot.class));
            synchronized (merger) {
                merger.addWire(wire);
                answered[0]++;
            }
            return null;
        } catch (RuntimeException e) {
            LOG.debugf(e, "unmergeable snapshot");
            return e;
        }
    }

    private static String name(Pod pod) {
        return pod.getMetadata() == null ? "?" : pod.getMetadata().getName();
    }

    /** A merge of the runners that answered ({@code snapshot} null when none did). */
    public record Merged(RunSnapshot snapshot, int runners) {}

    public boolean start(Pod pod, long atEpochMs) {
        return post(pod, "/start?at=" + atEpochMs);
    }

    public boolean stop(Pod pod) {
        return post(pod, "/stop");
    }

    public boolean shutdown(Pod pod) {
        return post(pod, "/shutdown");
    }

    /** Applies {@code call} to every pod in parallel; results in pod order. */
    public <T> List<T> forAll(List<Pod> pods, Function<Pod, T> call) {
        List<T> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (Pod p : pods) {
                futures.add(pool.submit(() -> call.apply(p)));
            }
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    out.add(null);
                }
            }
        }
        return out;
    }

    static URI endpoint(Pod pod, int defaultPort, String path) {
        String port = pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get(RunnerPods.AGENT_PORT_ANNOTATION);
        return URI.create("http://" + pod.getStatus().getPodIP() + ":" + (port != null ? port : defaultPort) + path);
    }

    /** A runner's answer, whichever way it came: its body and content type. */
    private record Answer(byte[] body, String contentType) {}

    /**
     * A runner pod that has ended has no agent: its address may already be another pod's (the
     * runner of another LoadTest), whose answers must not be taken for this runner's.
     */
    private static boolean ended(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** GET {@code path}, with {@code accept} as the Accept header (none if null). */
    private Optional<Answer> get(Pod pod, String path, String accept) {
        if (ended(pod)) {
            return Optional.empty();
        }
        if (viaApiProxy) {
            return proxied(pod, path, "GET", accept);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint(pod, defaultPort, path)).timeout(callTimeout(path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(pod, request.GET().build());
    }

    /**
     * A status is a few bytes: a runner that cannot say it in 3 s is missed this look, not waited for
     * (with hundreds of runners, hung ones would stretch every look and hold call slots).
     */
    static Duration callTimeout(String path) {
        return path.startsWith("/status") ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
    }

    private static boolean isBinary(Answer r) {
        return r.contentType() != null && r.contentType().startsWith(SnapshotWire.MEDIA_TYPE);
    }

    private static RunSnapshot snapshot(Answer r) {
        if (!isBinary(r)) {
            return read(r.body(), RunSnapshot.class);
        }
        try {
            return SnapshotWire.read(r.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unreadable answer from a runner: " + e.getMessage(), e);
        }
    }

    private boolean post(Pod pod, String path) {
        if (ended(pod)) {
            return false;
        }
        if (viaApiProxy) {
            return proxied(pod, path, "POST", null).isPresent();
        }
        return send(
                        pod,
                        HttpRequest.newBuilder(endpoint(pod, defaultPort, path))
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                .isPresent();
    }

    /** The API server's pod proxy path: /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH. */
    static String proxyPath(Pod pod, int defaultPort, String path) {
        String port = pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get(RunnerPods.AGENT_PORT_ANNOTATION);
        return "api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + ":" + (port != null ? port : defaultPort) + "/proxy" + path;
    }

    /**
     * Through the API server (runnerAccess: api-proxy, for an operator outside the cluster), with the
     * client's own credentials; bytes in and out, so the binary snapshot passes too.
     */
    private Optional<Answer> proxied(Pod pod, String path, String method, String accept) {
        String base = kubernetes.getMasterUrl().toString();
        var http = kubernetes.getHttpClient();
        var request = http.newHttpRequestBuilder()
                .uri(base + (base.endsWith("/") ? "" : "/") + proxyPath(pod, defaultPort, path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (method.equals("POST")) {
            request.post("application/json", new byte[0]);
        }
        try {
            concurrency.acquire();
            try {
                var r = http.sendAsync(request.build(), byte[].class)
                        .get(callTimeout(path).toMillis(), TimeUnit.MILLISECONDS);
                return r.code() / 100 == 2
                        ? Optional.of(new Answer(r.body(), r.header("Content-Type")))
                        : Optional.empty();
            } finally {
                concurrency.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // unreachable runner: the pod's own state tells why
        }
    }

    private Optional<Answer> send(Pod pod, HttpRequest request) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            return Optional.empty();
        }
        try {
            concurrency.acquire();
            try {
                // the request's timeout bounds the whole answer, body included (a runner that stalls
                // mid-answer is left out: RunnerClientUndecodableSnapshotTest)
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return r.statusCode() / 100 == 2
                        ? Optional.of(new Answer(
                                r.body(), r.headers().firstValue("Content-Type").orElse(null)))
                        : Optional.empty();
            } finally {
                concurrency.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // unreachable runner: the pod's own state tells why
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable answer from a runner: " + e.getMessage(), e);
        }
    }
}
