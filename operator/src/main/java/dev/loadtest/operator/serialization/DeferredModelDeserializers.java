package dev.loadtest.operator.serialization;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The Kubernetes client's JSON mapper builds the deserializers of large model types it may never
 * need at start-up on their first value ({@link DeferredDeserializer}). Only Pod: the LoadTest
 * informer's list is rarely empty, so deferring its deserializer would only move the work. A pod's
 * spec is read when something asks for it ({@link LazyPodSpec}): the runner pod cache never does.
 */
@Singleton
public class DeferredModelDeserializers implements KubernetesClientObjectMapperCustomizer {
    static final Set<Class<?>> DEFERRED = Set.of(Pod.class);

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** Quarkus applies customizers before the client registers its own modules, so this one wraps what they built. */
    public static SimpleModule module() {
        return new SimpleModule("loadtest-deferred-deserializers")
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(
                            DeserializationConfig config,
                            BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        if (description.getBeanClass() == PodSpec.class
                                && deserializer instanceof ResolvableDeserializer) {
                            @SuppressWarnings("unchecked")
                            JsonDeserializer<PodSpec> whole = (JsonDeserializer<PodSpec>) deserializer;
                            return new LazyPodSpecDeserializer(new DeferredDeserializer<>(whole));
                        }
                        return DEFERRED.contains(description.getBeanClass())
                                        && deserializer instanceof ResolvableDeserializer
                                ? new DeferredDeserializer<>(deserializer)
                                : deserializer;
                    }
                });
    }
}
