package dev.loadtest.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.SnapshotWire;
import dev.loadtest.engine.stats.StatsCollector;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.sim.TestConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runner whose binary snapshot does not decode (here: well checksummed, but with a byte left over
 * after its intervals) is not silently left out of the merge: it is asked once more, for JSON, in
 * the same pull, and merged from that; the merge holds every runner exactly once.
 */
class RunnerClientUndecodableSnapshotTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> accepts = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static RunSnapshot snapshot(int requests) {
        StatsCollector c = new StatsCollector("t", 1000);
        c.start(1_000_000L, () -> 1);
        for (int i = 0; i < requests; i++) {
            c.endpoint("home").record(1000 + i, Outcome.SUCCESS, 10, 10);
        }
        c.iterationDone();
        c.sample(1000);
        return c.snapshot();
    }

    /** The binary body with a byte more before its checksum, and the checksum recomputed. */
    private static byte[] malformed(byte[] wire) {
        byte[] out = Arrays.copyOf(wire, wire.length + 1);
        out[wire.length - 4] = 0;
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        int c = (int) crc.getValue();
        out[out.length - 4] = (byte) (c >>> 24);
        out[out.length - 3] = (byte) (c >>> 16);
        out[out.length - 2] = (byte) (c >>> 8);
        out[out.length - 1] = (byte) c;
        return out;
    }

    /** A runner on 127.0.0.1 answering /snapshot as the agent does: binary if asked for, else JSON. */
    private Pod runner(String name, RunSnapshot s, boolean brokenBinary) throws Exception {
        byte[] binary = brokenBinary ? malformed(SnapshotWire.write(s)) : SnapshotWire.write(s);
        byte[] json = ResultsFile.toBytes(s);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/snapshot", ex -> {
            String accept = ex.getRequestHeaders().getFirst("Accept");
            accepts.add(name + " " + accept);
            boolean asBinary = accept != null && accept.contains(SnapshotWire.MEDIA_TYPE);
            byte[] body = asBinary ? binary : json;
            ex.getResponseHeaders().set("Content-Type", asBinary ? SnapshotWire.MEDIA_TYPE : "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        servers.add(server);
        return podOf(name, server);
    }

    /** A runner pod whose agent is {@code server} on 127.0.0.1. */
    private static Pod podOf(String name, HttpServer server) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("perf")
                .addToAnnotations(
                        RunnerPods.AGENT_PORT_ANNOTATION,
                        String.valueOf(server.getAddress().getPort()))
                .endMetadata()
                .withNewStatus()
                .withPodIP("127.0.0.1")
                .endStatus()
                .build();
    }

    @Test
    void aRunnerWhoseBinarySnapshotDoesNotDecodeIsAskedForJson() throws Exception {
        RunSnapshot good = snapshot(5);
        RunSnapshot other = snapshot(7);
        Pod a = runner("lt-0", good, false);
        Pod b = runner("lt-1", other, true);
        RunnerClient client = new RunnerClient(new TestConfig(), null);

        RunnerClient.Merged merged = client.pullMerged(List.of(a, b), true);

        assertThat(merged.runners()).isEqualTo(2);
        RunSnapshot expected = RunSnapshot.merge(List.of(good, other));
        assertThat(ResultsFile.toBytes(merged.snapshot())).isEqualTo(ResultsFile.toBytes(expected));
        assertThat(merged.snapshot().requests()).isEqualTo(12);
        assertThat(merged.snapshot().iterations).isEqualTo(2);
        assertThat(accepts)
                .containsExactlyInAnyOrder(
                        "lt-0 " + SnapshotWire.MEDIA_TYPE + ", application/json;q=0.5",
                        "lt-1 " + SnapshotWire.MEDIA_TYPE + ", application/json;q=0.5",
                        "lt-1 application/json");
    }

    @Test
    void aRunnerWhoseJsonDoesNotAddUpIsLeftOutWholeNotHalfMerged() throws Exception {
        RunSnapshot good = snapshot(5);
        RunSnapshot bad = snapshot(7);
        bad.totals.get("home").success = -100; // counts no runner can have
        Pod a = runner("lt-0", good, false);
        Pod b = runner("lt-1", bad, true);
        RunnerClient client = new RunnerClient(new TestConfig(), null);

        RunnerClient.Merged merged = client.pullMerged(List.of(a, b), true);

        assertThat(merged.runners()).isEqualTo(1);
        assertThat(ResultsFile.toBytes(merged.snapshot()))
                .as("exactly the good runner's figures: nothing of the bad one")
                .isEqualTo(ResultsFile.toBytes(RunSnapshot.merge(List.of(good))));
    }

    /**
     * A connection closed under a request (a blip) is asked once more in the same look, by the JDK's
     * HTTP client itself (it retries an idempotent request once); a runner that keeps closing, once.
     */
    @Test
    void aRunnerWhoseConnectionBreaksOnceIsAskedAgainInTheSameLook() throws Exception {
        RunSnapshot s = snapshot(5);
        byte[] json = ResultsFile.toBytes(s);
        java.util.concurrent.atomic.AtomicInteger blipHits = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger deadHits = new java.util.concurrent.atomic.AtomicInteger();
        Pod blip = closingRunner("lt-0", json, blipHits, 1);
        Pod dead = closingRunner("lt-1", json, deadHits, Integer.MAX_VALUE);
        RunnerClient client = new RunnerClient(new TestConfig(), null);

        RunnerClient.Merged merged = client.pullMerged(List.of(blip, dead), false);

        assertThat(merged.runners()).isEqualTo(1);
        assertThat(merged.snapshot().requests()).isEqualTo(5);
        assertThat(blipHits.get()).isEqualTo(2);
        assertThat(deadHits.get())
                .describedAs("asked once more, not again and again")
                .isEqualTo(2);
    }

    /** A runner that closes the connection without answering its first {@code closes} requests. */
    private Pod closingRunner(String name, byte[] json, java.util.concurrent.atomic.AtomicInteger hits, int closes)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/snapshot", ex -> {
            if (hits.incrementAndGet() <= closes) {
                ex.close(); // no status line: the client sees the connection end
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, json.length);
            ex.getResponseBody().write(json);
            ex.close();
        });
        server.start();
        servers.add(server);
        return podOf(name, server);
    }

    @Test
    void anEndedRunnerPodIsNotAskedItsAddressMayBeAnotherPodsNow() throws Exception {
        RunSnapshot mine = snapshot(5);
        Pod live = runner("lt-0", mine, false);
        Pod ended = runner("lt-1", snapshot(7), false); // stands for whoever got the old address
        ended.getStatus().setPhase("Succeeded");
        RunnerClient client = new RunnerClient(new TestConfig(), null);

        RunnerClient.Merged merged = client.pullMerged(List.of(live, ended), true);

        assertThat(merged.runners()).isEqualTo(1);
        assertThat(merged.snapshot().requests()).isEqualTo(5);
        assertThat(accepts).noneMatch(a -> a.startsWith("lt-1"));
    }

    @Test
    void aRunnerThatStallsMidAnswerIsLeftOutAfterTheTimeoutNotWaitedForForever() throws Exception {
        HttpServer stalled = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        stalled.createContext("/snapshot", ex -> {
            ex.sendResponseHeaders(200, 1000); // headers sent, then the body never comes
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        stalled.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        stalled.start();
        servers.add(stalled);
        Pod slow = new PodBuilder()
                .withNewMetadata()
                .withName("lt-9")
                .withNamespace("perf")
                .addToAnnotations(
                        RunnerPods.AGENT_PORT_ANNOTATION,
                        String.valueOf(stalled.getAddress().getPort()))
                .endMetadata()
                .withNewStatus()
                .withPodIP("127.0.0.1")
                .endStatus()
                .build();
        RunnerClient client = new RunnerClient(new TestConfig(), null);
        try {
            long t0 = System.nanoTime();
            RunnerClient.Merged merged = client.pullMerged(List.of(runner("lt-0", snapshot(5), false), slow), true);

            assertThat(merged.runners()).isEqualTo(1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(30));
        } finally {
            release.countDown();
        }
    }
}
