package dev.loadtest.operator.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeferredModelDeserializersTest {
    private static final String EMPTY_LIST =
            "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},\"items\":[]}";

    /** A runner pod as the API server sends it, with what the model reads in unusual ways. */
    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"lt-a-runner-0","namespace":"team-a","uid":"u-1","resourceVersion":"7",
               "creationTimestamp":"2026-11-24T10:00:00Z","labels":{"app.kubernetes.io/managed-by":"loadtest-operator"},
               "ownerReferences":[{"apiVersion":"loadtest.dev/v1alpha1","kind":"LoadTest","name":"lt-a","uid":"u-0",
                 "controller":true,"blockOwnerDeletion":true}]},
             "spec":{"restartPolicy":"Never","nodeName":"node-1",
               "containers":[{"name":"runner","image":"runner:0.1.0","args":["agent"],
                 "env":[{"name":"LOADTEST_SPEC","value":"{}"},
                        {"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"login","key":"token"}}}],
                 "ports":[{"containerPort":8089,"protocol":"TCP"}],
                 "resources":{"requests":{"cpu":"500m","memory":"256Mi"},"limits":{"memory":"512Mi"}},
                 "readinessProbe":{"httpGet":{"path":"/ready","port":8089},"periodSeconds":1},
                 "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
               "volumes":[{"name":"data","configMap":{"name":"rows","items":[{"key":"rows.csv","path":"rows.csv"}]}}],
               "tolerations":[{"key":"spot","operator":"Exists","effect":"NoSchedule"}],
               "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,
                 "podAffinityTerm":{"topologyKey":"kubernetes.io/hostname",
                   "labelSelector":{"matchLabels":{"loadtest.dev/name":"lt-a"}}}}]}},
               "someFutureField":{"nested":[1,2,3]}},
             "status":{"phase":"Failed","reason":"Evicted","message":"The node was low on resource: memory.",
               "podIP":"10.0.0.7",
               "conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}],
               "containerStatuses":[{"name":"runner","ready":false,"restartCount":0,"image":"runner:0.1.0",
                 "imageID":"sha256:1","started":false,
                 "state":{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":"2026-11-24T10:00:01Z",
                   "finishedAt":"2026-11-24T10:00:09Z"}}}]}}
            """;

    @Test
    void anEmptyPodListBuildsNoneOfThePodModelsDeserializers() {
        Set<Class<?>> built = ConcurrentHashMap.newKeySet();
        KubernetesSerialization deferred = serialization(true, built);
        deferred.unmarshal(EMPTY_LIST, PodList.class);
        assertThat(built).contains(PodList.class).doesNotContain(PodSpec.class, PodStatus.class);

        // The same list without the deferral builds them: what the check above would see.
        Set<Class<?>> stock = ConcurrentHashMap.newKeySet();
        serialization(false, stock).unmarshal(EMPTY_LIST, PodList.class);
        assertThat(stock).contains(PodList.class, PodSpec.class, PodStatus.class);
    }

    @Test
    void aPodReadsTheSameAsWithoutTheDeferral() {
        Pod expected = serialization(false, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());

        assertThat(deferred.unmarshal(EMPTY_LIST, PodList.class).getItems()).isEmpty();
        PodList list = deferred.unmarshal(listOf(POD, POD), PodList.class);
        assertThat(list.getItems()).containsExactly(expected, expected);
        assertThat(deferred.unmarshal(POD, Pod.class)).isEqualTo(expected);
        assertThat(expected.getSpec().getAdditionalProperties()).containsKey("someFutureField");
        assertThat(expected.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getReason())
                .isEqualTo("OOMKilled");
    }

    @Test
    void manyThreadsReadingTheFirstPodAtOnceAllReadItWhole() throws Exception {
        Pod expected = serialization(false, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
            deferred.unmarshal(EMPTY_LIST, PodList.class);
            CyclicBarrier together = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<PodList>> reads = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    reads.add(pool.submit(() -> {
                        together.await();
                        return deferred.unmarshal(listOf(POD), PodList.class);
                    }));
                }
                for (Future<PodList> read : reads) {
                    assertThat(read.get(30, TimeUnit.SECONDS).getItems())
                            .as("round %d", round)
                            .containsExactly(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aPodsSpecIsReadWholeOnlyWhenSomethingAsksForIt() {
        Set<Class<?>> built = ConcurrentHashMap.newKeySet();
        KubernetesSerialization deferred = serialization(true, built);
        Pod pod = deferred.unmarshal(listOf(POD), PodList.class).getItems().get(0);
        assertThat(pod.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getExitCode())
                .isEqualTo(137);
        assertThat(built)
                .describedAs("what the runner pod cache reads is built, the spec's model is not")
                .contains(PodStatus.class, ObjectMeta.class)
                .doesNotContain(Container.class, Volume.class, Affinity.class);
        assertThat(LazyPodSpec.unread(pod.getSpec())).isPresent();

        Pod expected = serialization(false, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        assertThat(pod.getSpec().getContainers()).isEqualTo(expected.getSpec().getContainers());
        assertThat(built).contains(Container.class, Volume.class, Affinity.class);
        assertThat(LazyPodSpec.unread(pod.getSpec())).isEmpty();
        assertThat(pod).isEqualTo(expected);
        assertThat(expected).isEqualTo(pod);
        assertThat(pod.hashCode()).isEqualTo(expected.hashCode());
    }

    @Test
    void aSpecNotReadYetIsWrittenOutWhole() {
        KubernetesSerialization stock = serialization(false, ConcurrentHashMap.newKeySet());
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        Pod lazy = deferred.unmarshal(POD, Pod.class);
        assertThat(LazyPodSpec.unread(lazy.getSpec())).isPresent();
        assertThat(deferred.asJson(lazy)).isEqualTo(stock.asJson(stock.unmarshal(POD, Pod.class)));
        assertThat(stock.asJson(deferred.unmarshal(POD, Pod.class)))
                .isEqualTo(stock.asJson(stock.unmarshal(POD, Pod.class)));
    }

    @Test
    void aSetterCalledFirstChangesOneFieldAndKeepsTheOthers() {
        Pod expected = serialization(false, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        Pod pod = serialization(true, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        pod.getSpec().setNodeName("node-2");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-2");
        assertThat(pod.getSpec().getContainers()).isEqualTo(expected.getSpec().getContainers());
        assertThat(pod.getSpec().getTolerations()).isEqualTo(expected.getSpec().getTolerations());

        Pod viaBuilder = serialization(true, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        assertThat(viaBuilder.getSpec().toBuilder().build()).isEqualTo(expected.getSpec());
    }

    @Test
    void everyPublicMethodOfPodSpecIsOverriddenSoNoneHandsOutAnEmptyValue() {
        List<String> missing = new ArrayList<>();
        for (Method m : PodSpec.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            try {
                LazyPodSpec.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.toString());
            }
        }
        assertThat(missing).isEmpty();
    }

    /** Each getter, called first on a spec nobody has read, gives what the stock mapper reads. */
    @Test
    void everyGetterCalledFirstReadsTheSpecWhole() throws Exception {
        PodSpec stock = serialization(false, ConcurrentHashMap.newKeySet())
                .unmarshal(POD, Pod.class)
                .getSpec();
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        int getters = 0;
        for (Method m : PodSpec.class.getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class
                    || !(m.getName().startsWith("get") || m.getName().equals("toString"))) {
                continue;
            }
            PodSpec lazy = deferred.unmarshal(POD, Pod.class).getSpec();
            assertThat(LazyPodSpec.unread(lazy)).isPresent();
            assertThat(m.invoke(lazy)).as(m.getName()).isEqualTo(m.invoke(stock));
            getters++;
        }
        assertThat(getters).isGreaterThan(40);
        assertThat(deferred.unmarshal(POD, Pod.class).getSpec().hashCode()).isEqualTo(stock.hashCode());
        assertThat(deferred.unmarshal(POD, Pod.class).getSpec().edit().build()).isEqualTo(stock);
    }

    /** Each setter, called first, changes its field of the whole spec, not of an empty one later filled. */
    @Test
    void everySetterCalledFirstChangesTheWholeSpec() throws Exception {
        KubernetesSerialization stock = serialization(false, ConcurrentHashMap.newKeySet());
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        int setters = 0;
        for (Method m : PodSpec.class.getMethods()) {
            if (!m.getName().startsWith("set")
                    || m.getParameterCount() != 1
                    || m.getParameterTypes()[0].isPrimitive()) {
                continue;
            }
            PodSpec expected = stock.unmarshal(POD, Pod.class).getSpec();
            m.invoke(expected, (Object) null);
            PodSpec lazy = deferred.unmarshal(POD, Pod.class).getSpec();
            m.invoke(lazy, (Object) null);
            assertThat(lazy).as(m.getName()).isEqualTo(expected);
            setters++;
        }
        assertThat(setters).isGreaterThan(40);
    }

    /** Only a Pod's own spec waits; a Deployment's pod template is read at once, errors and all. */
    @Test
    void onlyAPodsOwnSpecIsReadLazily() {
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        io.fabric8.kubernetes.api.model.apps.Deployment d =
                deferred.unmarshal("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"},
                 "spec":{"template":{"spec":{"containers":[{"name":"api","image":"api:1"}]}}}}
                """, io.fabric8.kubernetes.api.model.apps.Deployment.class);
        assertThat(LazyPodSpec.unread(d.getSpec().getTemplate().getSpec())).isEmpty();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("api:1");
    }

    /** A spec nobody has read copies whole: by Jackson as its own class, and by Java serialization. */
    @Test
    void aSpecNotReadYetCopiesWhole() throws Exception {
        PodSpec stock = serialization(false, ConcurrentHashMap.newKeySet())
                .unmarshal(POD, Pod.class)
                .getSpec();
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        assertThat(deferred.clone(deferred.unmarshal(POD, Pod.class).getSpec())).isEqualTo(stock);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(deferred.unmarshal(POD, Pod.class).getSpec());
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(stock);
        }
    }

    @Test
    void manyThreadsReadingOneSpecAtOnceAllSeeItWhole() throws Exception {
        Pod expected = serialization(false, ConcurrentHashMap.newKeySet()).unmarshal(POD, Pod.class);
        KubernetesSerialization deferred = serialization(true, ConcurrentHashMap.newKeySet());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                Pod pod = deferred.unmarshal(POD, Pod.class);
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<List<Object>>> reads = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    reads.add(pool.submit(() -> {
                        together.await();
                        PodSpec s = pod.getSpec();
                        return List.of(s.getVolumes(), s.getContainers(), s.getTolerations(), s.getAffinity());
                    }));
                }
                for (Future<List<Object>> read : reads) {
                    assertThat(read.get(30, TimeUnit.SECONDS))
                            .as("round %d", round)
                            .containsExactly(
                                    expected.getSpec().getVolumes(),
                                    expected.getSpec().getContainers(),
                                    expected.getSpec().getTolerations(),
                                    expected.getSpec().getAffinity());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String listOf(String... pods) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},\"items\":[" + String.join(",", pods)
                + "]}";
    }

    /** A client serialization set up as Quarkus sets it up: customizers first, then the client's own. */
    private static KubernetesSerialization serialization(boolean deferred, Set<Class<?>> built) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new SimpleModule("record-built").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                built.add(description.getBeanClass());
                return deserializer;
            }
        }));
        if (deferred) {
            new DeferredModelDeserializers().customize(mapper);
        }
        return new KubernetesSerialization(mapper, false);
    }
}
