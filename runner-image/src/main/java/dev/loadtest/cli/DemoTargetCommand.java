package dev.loadtest.cli;

import dev.loadtest.cli.demo.DemoTarget;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadtest demo-target}: serves the demo voice-assistant API on loopback until stopped. */
@Command(
        name = "demo-target",
        description = "Serves a demo voice-assistant API on 127.0.0.1 (login, queries, document upload; GET /stats).")
final class DemoTargetCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(
            names = "--latency-scale",
            defaultValue = "1.0",
            description = "Multiplies each endpoint's median latency (default ${DEFAULT-VALUE})")
    double latencyScale;

    @Option(
            names = "--fixed-latency-ms",
            defaultValue = "-1",
            description = "Answer every request after exactly this many ms")
    double fixedLatencyMs;

    @Option(
            names = "--error-rate",
            defaultValue = "0",
            description = "Fraction of API requests answered with 500, e.g. 0.01")
    double errorRate;

    @Override
    public Integer call() throws Exception {
        if (errorRate < 0 || errorRate > 1) {
            System.err.println("error: --error-rate is a fraction between 0 and 1, e.g. 0.01 for 1%");
            return Main.INVALID;
        }
        DemoTarget target = DemoTarget.start(port, new DemoTarget.Options(latencyScale, fixedLatencyMs, errorRate));
        System.out.println("demo target listening on " + target.url() + " (Ctrl-C to stop)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            stop.countDown();
        }));
        stop.await();
        return Main.OK;
    }
}
