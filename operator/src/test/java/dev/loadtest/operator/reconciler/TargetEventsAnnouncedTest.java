package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.api.status.LoadTestStatus;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.sim.MockApi;
import dev.loadtest.operator.sim.SimulatedWorkload;
import dev.loadtest.operator.sim.TestRunSteps;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What happens to the target is announced as Events on the LoadTest, but not without end: a
 * crash-looping target of many pods wrote one Event per termination for the whole run.
 */
class TargetEventsAnnouncedTest {
    private static final int PODS = RunWatch.ANNOUNCED_AT_MOST + 20;

    @RegisterExtension
    final MockApi api = MockApi.crud();

    @Test
    void pastTheCapTheRestAreCountedNotAnnounced() {
        for (int i = 0; i < PODS; i++) {
            api.client()
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("shop-" + i)
                            .withNamespace("perf")
                            .withLabels(Map.of("app", "shop"))
                            .endMetadata()
                            .withNewStatus()
                            .withPhase("Running")
                            .addToContainerStatuses(new ContainerStatusBuilder()
                                    .withName("app")
                                    .withRestartCount(0)
                                    .build())
                            .endStatus()
                            .build())
                    .create();
        }
        LoadTestResource lt = Specs.resource("crashloop", """
                target: {url: "http://shop:80", workload: {podSelector: {app: shop}}}
                load: {users: 1, duration: 5m}
                scenario: {tasks: [{request: {path: /}}]}
                """);
        RunWatch watch = TestRunSteps.watch(api.client());
        var spec = LoadTestParser.effective(lt.asLoadTest()).spec;
        LoadTestStatus status = new LoadTestStatus();
        long start = System.currentTimeMillis();
        status.startTime = Instant.ofEpochMilli(start).toString();
        watch.begin(lt, spec, status, start);

        // exactly the cap in one look, the rest in the next: the cap's note comes with the first past it
        for (int i = 0; i < PODS; i++) {
            if (i == RunWatch.ANNOUNCED_AT_MOST) {
                watch.look(lt, spec, status, null);
            }
            Pod p = api.client()
                    .pods()
                    .inNamespace("perf")
                    .withName("shop-" + i)
                    .get();
            p.getStatus()
                    .setContainerStatuses(List.of(SimulatedWorkload.restarted(
                            "app", 1, "OOMKilled", 137, Instant.now().toString())));
            api.client().pods().inNamespace("perf").resource(p).updateStatus();
        }
        watch.look(lt, spec, status, null);
        watch.look(lt, spec, status, null);

        List<Event> events =
                api.client().v1().events().inNamespace("perf").list().getItems();
        assertThat(events.stream().filter(e -> e.getReason().equals("TargetOOMKilled")))
                .hasSize(RunWatch.ANNOUNCED_AT_MOST);
        assertThat(events.stream().filter(e -> e.getReason().equals("TargetEventsNotAnnounced")))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("counted"));
        assertThat(status.target.oomKilled).describedAs("every one counted").isEqualTo(PODS);
    }
}
