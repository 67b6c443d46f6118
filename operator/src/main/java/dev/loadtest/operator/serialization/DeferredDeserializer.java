package dev.loadtest.operator.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import java.io.IOException;

/**
 * A bean deserializer whose resolution, which builds the deserializers of every type it reaches,
 * waits for its first value instead of happening when an enclosing type's deserializer is built.
 *
 * <p>Why: the runner pod informer's first list, empty on a quiet cluster, made Jackson build the
 * whole Pod model's deserializers (a few hundred classes introspected) before the operator could
 * report ready: about 120 ms of a one-core start (docs/benchmarks.md, "Operator"). With this, a
 * pod's deserializers are built when the first pod arrives.
 *
 * <p>The wrapped deserializer is resolved, and then contextualised without a property, exactly
 * once, by the first thread to need it; that is what Jackson does for a root value.
 */
final class DeferredDeserializer<T> extends JsonDeserializer<T> {
    private final JsonDeserializer<T> unresolved;
    private volatile JsonDeserializer<T> ready;

    DeferredDeserializer(JsonDeserializer<T> unresolved) {
        this.unresolved = unresolved;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return ready(ctxt).deserialize(p, ctxt);
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt, T intoValue) throws IOException {
        return ready(ctxt).deserialize(p, ctxt, intoValue);
    }

    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
            throws IOException {
        return ready(ctxt).deserializeWithType(p, ctxt, typeDeserializer);
    }

    @Override
    public Class<?> handledType() {
        return unresolved.handledType();
    }

    @SuppressWarnings("unchecked")
    private JsonDeserializer<T> ready(DeserializationContext ctxt) throws IOException {
        JsonDeserializer<T> d = ready;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (ready == null) {
                JsonDeserializer<T> built = unresolved;
                if (built instanceof ResolvableDeserializer r) {
                    r.resolve(ctxt);
                }
                if (built instanceof ContextualDeserializer c) {
                    built = (JsonDeserializer<T>) c.createContextual(ctxt, null);
                }
                ready = built;
            }
            return ready;
        }
    }
}
