package dev.loadtest.engine.bench;

import dev.loadtest.engine.report.ResultsFile;
import dev.loadtest.engine.stats.Outcome;
import dev.loadtest.engine.stats.RunSnapshot;
import dev.loadtest.engine.stats.SnapshotWire;
import dev.loadtest.engine.stats.StatsCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long the operator takes to merge N runners' final snapshots (each: 60 intervals × 20
 * endpoints), from their wire form to one merged snapshot with its percentiles: the binary wire
 * format the operator asks runners for (decoded straight into the merge), and JSON (what older
 * runners answer, and results.json). Run pinned to one core: see bench/operator.sh. Not a unit
 * test: a benchmark. Arguments: runners (1000), distinct runner snapshots (20, reused).
 */
public final class MergeBenchmark {
    public static void main(String[] args) throws Exception {
        int runners = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int intervals = 60;
        int endpoints = 20;
        // distinct runner snapshots, reused: generating 1,000 is slower than merging them
        int distinct = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<byte[]> wire = new ArrayList<>();
        List<byte[]> binary = new ArrayList<>();
        Random rnd = new Random(42);
        for (int r = 0; r < distinct; r++) {
            StatsCollector c = new StatsCollector("bench", 1000);
            c.start(1_000_000L, () -> 10);
            for (int i = 0; i < intervals; i++) {
                for (int e = 0; e < endpoints; e++) {
                    for (int k = 0; k < 50; k++) {
                        c.endpoint("endpoint-" + e)
                                .record(
                                        1000 + (long) (Math.exp(rnd.nextGaussian()) * 50_000),
                                        k == 0 ? Outcome.HTTP_5XX : Outcome.SUCCESS,
                                        200,
                                        500);
                    }
                }
                c.sample((i + 1) * 1000L);
            }
            wire.add(ResultsFile.toBytes(c.snapshot()));
            binary.add(SnapshotWire.write(c.snapshot()));
        }
        System.out.printf(
                "one runner snapshot on the wire: %d KB binary, %d KB JSON (%d intervals x %d endpoints)%n",
                binary.get(0).length / 1024, wire.get(0).length / 1024, intervals, endpoints);
        for (int round = 0; round < 6; round++) { // the first rounds warm the JIT up
            // as the operator does it: fold each runner's binary answer straight into the merge
            long t0 = System.nanoTime();
            RunSnapshot.Merger streaming = new RunSnapshot.Merger();
            for (int r = 0; r < runners; r++) {
                streaming.addWire(binary.get(r % distinct));
            }
            long t1 = System.nanoTime();
            RunSnapshot merged = streaming.result();
            double p95 = merged.overall().latencies().getValueAtPercentile(95);
            long t2 = System.nanoTime();
            System.gc();
            long heap =
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            java.lang.ref.Reference.reachabilityFence(streaming);
            System.out.printf(
                    "binary round %d: %d runners: total %.0f ms = decode+merge %.0f ms + result %.0f ms; heap with merger and result %d MB (requests %d, p95 %.1f ms)%n",
                    round,
                    runners,
                    (t2 - t0) / 1e6,
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6,
                    heap >> 20,
                    merged.requests(),
                    p95 / 1000);
        }
        for (int round = 0; round < 4; round++) { // the first rounds warm the JIT up
            // as the operator does it: decode one runner's snapshot, fold it in, drop it
            long t0 = System.nanoTime();
            RunSnapshot.Merger streaming = new RunSnapshot.Merger();
            long decodeNanos = 0;
            for (int r = 0; r < runners; r++) {
                long d0 = System.nanoTime();
                RunSnapshot one = ResultsFile.fromBytes(wire.get(r % distinct));
                decodeNanos += System.nanoTime() - d0;
                streaming.add(one);
            }
            RunSnapshot merged = streaming.result();
            double p95 = merged.overall().latencies().getValueAtPercentile(95);
            long t1 = System.nanoTime();
            System.gc();
            long heap =
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            java.lang.ref.Reference.reachabilityFence(streaming);
            System.out.printf(
                    "JSON round %d: %d runners: total %.0f ms = decode %.0f ms + merge %.0f ms; heap with merger and result %d MB (requests %d, p95 %.1f ms)%n",
                    round,
                    runners,
                    (t1 - t0) / 1e6,
                    decodeNanos / 1e6,
                    (t1 - t0 - decodeNanos) / 1e6,
                    heap >> 20,
                    merged.requests(),
                    p95 / 1000);
        }
    }
}
