package dev.loadtest.operator.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;

/**
 * Reads a pod's spec as a {@link LazyPodSpec} holding its JSON tree; the real deserializer (resolved
 * on first use, {@link DeferredDeserializer}) runs when the spec is first read, or at once where
 * the parser has no mapper to read it with later.
 */
final class LazyPodSpecDeserializer extends JsonDeserializer<PodSpec> implements ContextualDeserializer {
    private final JsonDeserializer<PodSpec> whole;

    LazyPodSpecDeserializer(JsonDeserializer<PodSpec> whole) {
        this.whole = whole;
    }

    /** A Pod's spec is read lazily; a spec elsewhere (a Deployment's pod template) whole, at once. */
    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        return property != null
                        && property.getMember() != null
                        && property.getMember().getDeclaringClass() == Pod.class
                ? this
                : whole;
    }

    @Override
    public PodSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        ObjectCodec codec = p.getCodec();
        if (!(codec instanceof ObjectMapper || codec instanceof ObjectReader)) {
            return whole.deserialize(p, ctxt);
        }
        JsonNode tree = ctxt.readTree(p);
        return tree.isObject() ? new LazyPodSpec(tree, codec) : whole.deserialize(treeParser(tree, p, ctxt), ctxt);
    }

    @Override
    public PodSpec deserialize(JsonParser p, DeserializationContext ctxt, PodSpec intoValue) throws IOException {
        return whole.deserialize(p, ctxt, intoValue);
    }

    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
            throws IOException {
        return whole.deserializeWithType(p, ctxt, typeDeserializer);
    }

    @Override
    public Class<?> handledType() {
        return PodSpec.class;
    }

    private static JsonParser treeParser(JsonNode tree, JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonParser tp = tree.traverse(p.getCodec());
        tp.nextToken();
        return tp;
    }
}
