package dev.loadtest.operator.bench;

import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.agent.AgentState;
import dev.loadtest.engine.agent.AgentStatus;
import dev.loadtest.engine.agent.RunnerAgent;
import dev.loadtest.engine.run.RunOptions;
import dev.loadtest.engine.run.RunnerShare;
import dev.loadtest.operator.config.OperatorConfig;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.runner.RunnerClient;
import dev.loadtest.operator.sim.CountingTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;

/**
 * Start skew across N runners: N real runner agents in this JVM (each its own HTTP server), the
 * operator's RunnerClient publishing one start time to all of them in one parallel pass, then the
 * spread of the instants the runners actually started. See bench/operator.sh.
 */
public final class StartSkewBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        // the operator's lead: loadtest.start-lead (2 s) and its share per runner
        long leadMs = args.length > 1
                ? Long.parseLong(args[1])
                : dev.loadtest.operator.reconciler.StartBarrier.startLeadMs(2000, n);
        try (CountingTarget target = new CountingTarget(0)) {
            String yaml = """
                    apiVersion: loadtest.dev/v1alpha1
                    kind: LoadTest
                    metadata: {name: skew}
                    spec:
                      target: {url: "%s"}
                      load: {users: %d, duration: 1s}
                      thinkTime: {constant: 500ms}
                      scenario: {tasks: [{name: ping, request: {path: /}}]}
                    """.formatted(target.url(), n);
            List<RunnerAgent> agents = new ArrayList<>();
            List<Pod> pods = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LoadTest t = LoadTestParser.parse(yaml, "skew");
                RunnerAgent a = new RunnerAgent(
                        t,
                        "runner-" + i,
                        new RunOptions(null, java.util.Map.of(), 1000).withShare(new RunnerShare(i, n)),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                agents.add(a);
                pods.add(new PodBuilder()
                        .withNewMetadata()
                        .withName("skew-runner-" + i)
                        .withNamespace("bench")
                        .addToAnnotations(RunnerPods.AGENT_PORT_ANNOTATION, String.valueOf(a.port()))
                        .endMetadata()
                        .withNewStatus()
                        .withPodIP("127.0.0.1")
                        .endStatus()
                        .build());
            }
            RunnerClient client = new RunnerClient(new Config(), null);
            // as the operator does: the start time is chosen, then the publishing look asks every
            // runner for its status, then sends the time to each
            long t0 = System.currentTimeMillis();
            long startAt = t0 + leadMs;
            List<AgentStatus> ready = client.forAll(pods, p -> client.status(p).orElse(null));
            long statusMs = System.currentTimeMillis() - t0;
            List<Boolean> sent = client.forAll(pods, p -> client.start(p, startAt));
            long fanOutMs = System.currentTimeMillis() - t0;
            for (RunnerAgent a : agents) {
                a.awaitFinished();
            }
            LongSummaryStatistics starts = new LongSummaryStatistics();
            for (RunnerAgent a : agents) {
                AgentStatus s = a.status();
                if (s.state() == AgentState.FINISHED) {
                    starts.accept(s.startedAtEpochMs());
                }
            }
            System.out.printf(
                    "%d runners: status round %d ms (%d answered), start published to %d by %d ms (lead %d ms); %d started;"
                            + " skew (last - first actual start) %d ms; first started %+d ms from the published instant;"
                            + " the target saw %d requests%n",
                    n,
                    statusMs,
                    ready.stream().filter(java.util.Objects::nonNull).count(),
                    sent.stream().filter(Boolean.TRUE::equals).count(),
                    fanOutMs,
                    leadMs,
                    starts.getCount(),
                    starts.getMax() - starts.getMin(),
                    starts.getMin() - startAt,
                    target.requests());
            agents.forEach(RunnerAgent::close);
        }
    }

    /** The operator's defaults, with enough parallelism for the fan-out. */
    static final class Config implements OperatorConfig {
        public String runnerImage() {
            return "";
        }

        public int agentPort() {
            return 8089;
        }

        public int usersPerRunner() {
            return 250;
        }

        public int maxConcurrentPerTarget() {
            return 1;
        }

        public Duration startLead() {
            return Duration.ofSeconds(2);
        }

        public Duration pollInterval() {
            return Duration.ofSeconds(3);
        }

        public Duration startTimeout() {
            return Duration.ofMinutes(5);
        }

        public String runnerAccess() {
            return "direct";
        }

        public Duration runOverrun() {
            return Duration.ofMinutes(2);
        }

        public int pullConcurrency() {
            return 64;
        }
    }
}
