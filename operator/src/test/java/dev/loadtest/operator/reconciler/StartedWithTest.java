package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.engine.run.KubeletEnv;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.dependent.RunnerPods;
import dev.loadtest.operator.sizing.RunSizer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec a run started with, read back from its runner pods, is the spec as written. */
class StartedWithTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dollarSignsInTheSpecSurviveTheRoundTripThroughTheRunnerPod() throws Exception {
        LoadTestResource lt = Specs.resource("checkout", """
                target: {url: "http://api:80"}
                env: [{name: PRICE, value: "5$$ $(HOME)"}]
                load: {users: 2, duration: 1m}
                thresholds: ["http_req_duration{name:$${odd}}: p(95) < 2s"]
                scenario: {tasks: [{name: "$${odd}", request: {path: "/a/$${x}/$(HOME)/${vu.id}"}}]}
                """);
        Pod runner0 = RunnerPods.desired(
                lt, RunSizer.plan(LoadTestParser.effective(lt.asLoadTest()).spec, 250), 0, "runner:1", 8089);
        EnvVar price = runner0.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("PRICE"))
                .findFirst()
                .orElseThrow();
        assertThat(RunnerPods.fromKubeletLiteral(price.getValue())).isEqualTo("5$$ $(HOME)");
        Map<String, String> home = Map.of("HOME", "/home/runner");
        assertThat(KubeletEnv.expand(price.getValue(), home))
                .describedAs("what the runner's process sees")
                .isEqualTo("5$$ $(HOME)");
        String seen = runner0.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("LOADTEST_SPEC"))
                .map(e -> KubeletEnv.expand(e.getValue(), home))
                .findFirst()
                .orElseThrow();
        assertThat(JSON.writeValueAsString(LoadTestParser.parseAsWritten(seen, "runner-0")))
                .describedAs("the spec the runner's process sees")
                .isEqualTo(JSON.writeValueAsString(lt.asLoadTest()));
        assertThat(JSON.writeValueAsString(RunnerPodStates.startedWith(lt, List.of(runner0))))
                .isEqualTo(JSON.writeValueAsString(lt.asLoadTest()));
    }

    /** A runner pod made by an operator before the escaping holds the spec as written: read so. */
    @Test
    void aPodFromBeforeTheEscapingIsReadAsWritten() throws Exception {
        LoadTestResource lt = Specs.resource("checkout", """
                target: {url: "http://api:80"}
                load: {users: 2, duration: 1m}
                scenario: {tasks: [{name: a, request: {path: "/a/$${x}/${vu.id}"}}]}
                """);
        Pod runner0 = RunnerPods.desired(
                lt, RunSizer.plan(LoadTestParser.effective(lt.asLoadTest()).spec, 250), 0, "runner:1", 8089);
        assertThat(runner0.getMetadata().getAnnotations()).containsEntry(RunnerPods.ENV_LITERAL_ANNOTATION, "true");
        runner0.getMetadata().getAnnotations().remove(RunnerPods.ENV_LITERAL_ANNOTATION);
        for (EnvVar e : runner0.getSpec().getContainers().get(0).getEnv()) {
            if (e.getName().equals("LOADTEST_SPEC")) {
                e.setValue(RunnerPods.fromKubeletLiteral(e.getValue())); // as the older operator wrote it
            }
        }
        assertThat(JSON.writeValueAsString(RunnerPodStates.startedWith(lt, List.of(runner0))))
                .isEqualTo(JSON.writeValueAsString(lt.asLoadTest()));
    }
}
