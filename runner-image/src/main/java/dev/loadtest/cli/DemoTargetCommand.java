package dev.loadtest.cli;

import dev.loadtest.cli.demo.DemoTarget;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadtest demo-target}: serves the demo voice-assistant API until stopped, on loopback
 * unless told otherwise (in a pod behind a Service it must listen on the pod's address).
 */
@Command(
        name = "demo-target",
        description = "Serves a demo voice-assistant API (login, queries, document upload; GET /stats).")
final class DemoTargetCommand implements Callable<Integer> {
    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every address, as in a pod)")
    String host;

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
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            System.err.println(
                    "error: --host " + host + " is not an address of this machine; use 127.0.0.1 or 0.0.0.0");
            return Main.INVALID;
        }
        DemoTarget target =
                DemoTarget.start(address, port, new DemoTarget.Options(latencyScale, fixedLatencyMs, errorRate));
        System.out.println("demo target listening on " + target.boundAddress().getHostAddress() + ":" + target.port()
                + " (" + target.url() + "; Ctrl-C to stop)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            stop.countDown();
        }));
        stop.await();
        return Main.OK;
    }
}
