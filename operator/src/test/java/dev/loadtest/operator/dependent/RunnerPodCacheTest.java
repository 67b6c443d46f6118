package dev.loadtest.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.parse.LoadTestParser;
import dev.loadtest.operator.Specs;
import dev.loadtest.operator.crd.LoadTestResource;
import dev.loadtest.operator.serialization.DeferredModelDeserializers;
import dev.loadtest.operator.serialization.LazyPodSpec;
import dev.loadtest.operator.sizing.RunPlan;
import dev.loadtest.operator.sizing.RunSizer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerPodCacheTest {
    private static final String SPEC = """
            target: {url: "http://api:80"}
            load: {users: 20, duration: 1m}
            runners: {usersPerRunner: 4, tolerations: [{key: spot, operator: Exists}]}
            scenario: {tasks: [{request: {path: /}}]}
            """;

    /** A runner pod as the API server returns it: managedFields and a status added to what we create. */
    private static Pod asStored(LoadTestResource lt, int index) {
        RunPlan plan = RunSizer.plan(LoadTestParser.effective(lt.asLoadTest()).spec, 250);
        return new PodBuilder(RunnerPods.desired(lt, plan, index, "registry/runner:1", 8089))
                .editMetadata()
                .withResourceVersion("42")
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("kubelet")
                        .withOperation("Update")
                        .withFieldsType("FieldsV1")
                        .withNewFieldsV1()
                        .addToAdditionalProperties("f:status", Map.of("f:conditions", Map.of(), "f:podIP", Map.of()))
                        .endFieldsV1()
                        .build())
                .endMetadata()
                .withStatus(new PodStatusBuilder()
                        .withPhase("Running")
                        .withPodIP("10.0.0." + index)
                        .withConditions(new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .build())
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("runner")
                                .withReady(true)
                                .build())
                        .build())
                .build();
    }

    private static String spec(Pod p) {
        return p.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(RunnerPodCache.SPEC_ENV))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    @Test
    void keepsWhatTheRunStepsReadAndDropsTheRest() {
        LoadTestResource lt = Specs.resource("checkout", SPEC);
        Pod first = asStored(lt, 0);
        Pod second = asStored(lt, 3); // past the runners that keep the spec
        RunnerPodCache cache = new RunnerPodCache();
        cache.put(cache.getKey(first), first);
        cache.put(cache.getKey(second), second);

        Pod kept0 = cache.get(cache.getKey(first));
        Pod kept1 = cache.get(cache.getKey(second));
        for (Pod[] pair : new Pod[][] {{first, kept0}, {second, kept1}}) {
            Pod full = pair[0];
            Pod kept = pair[1];
            assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
            assertThat(kept.getMetadata().getName())
                    .isEqualTo(full.getMetadata().getName());
            assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
            assertThat(kept.getMetadata().getLabels())
                    .isEqualTo(full.getMetadata().getLabels());
            assertThat(kept.getMetadata().getAnnotations())
                    .isEqualTo(full.getMetadata().getAnnotations());
            assertThat(kept.getMetadata().getOwnerReferences())
                    .isEqualTo(full.getMetadata().getOwnerReferences());
            assertThat(kept.getStatus()).isEqualTo(full.getStatus());
            assertThat(kept.getSpec().getTolerations()).isNullOrEmpty();
            assertThat(Serialization.asJson(kept).length())
                    .describedAs("the cached pod is a fraction of the stored one")
                    .isLessThan(Serialization.asJson(full).length() / 2);
        }
        assertThat(spec(kept0))
                .describedAs("the spec the run started with")
                .isNotNull()
                .isEqualTo(spec(first));
        assertThat(kept1.getSpec().getContainers().get(0).getEnv()).isEmpty();
        Pod third = asStored(lt, 2);
        assertThat(spec(RunnerPodCache.trimmed(third)))
                .describedAs("runners 0-2 keep it: any of them gives the spec the run started with")
                .isEqualTo(spec(first));
        assertThat(first.getMetadata().getManagedFields())
                .describedAs("the pod given is left as it is")
                .isNotEmpty();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.remove(cache.getKey(second))).isSameAs(kept1);
        assertThat(cache.keySet()).containsExactly(cache.getKey(first));
    }

    @Test
    void podsReadByTheOperatorsClientAreTrimmedAlikeWithoutReadingTheirSpecWhole() {
        LoadTestResource lt = Specs.resource("checkout", SPEC);
        ObjectMapper mapper = new ObjectMapper();
        new DeferredModelDeserializers().customize(mapper);
        KubernetesSerialization operators = new KubernetesSerialization(mapper, true);
        for (int index : new int[] {0, 1}) {
            Pod stored = asStored(lt, index);
            Pod read = operators.unmarshal(Serialization.asJson(stored), Pod.class);
            assertThat(LazyPodSpec.unread(read.getSpec())).isPresent();
            Pod kept = RunnerPodCache.trimmed(read);
            assertThat(LazyPodSpec.unread(read.getSpec()))
                    .describedAs("trimming reads the spec's JSON, not the spec")
                    .isPresent();
            assertThat(kept).isEqualTo(RunnerPodCache.trimmed(stored));
        }
    }
}
