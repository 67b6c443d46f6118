package dev.loadtest.api.parse;

import dev.loadtest.api.model.LoadTestSpec;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The CRD's size bounds, checked on the document as written: every model field annotated
 * {@code @Size(max = ...)} (see {@link dev.loadtest.api.model.Limits}) is read here by reflection,
 * so {@code loadtest validate} refuses exactly what the API server would.
 */
final class SizeLimits {
    private static final String MODEL = LoadTestSpec.class.getPackageName();

    private final List<Problem> problems;

    SizeLimits(List<Problem> problems) {
        this.problems = problems;
    }

    void check(Object node, String path) {
        if (node == null || !node.getClass().getPackageName().equals(MODEL)) {
            return; // Kubernetes types, JSON bodies and plain values have no bounds of ours
        }
        for (Field f : node.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object value;
            try {
                value = f.get(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                continue;
            }
            String p = path + "." + f.getName();
            Size size = f.getAnnotation(Size.class);
            if (value instanceof Collection<?> c) {
                if (size != null && c.size() > size.max()) {
                    tooMany(
                            p,
                            c.size() + " items",
                            size.max(),
                            "remove " + (c.size() - size.max()) + ", or split the test into several LoadTests");
                }
                int i = 0;
                for (Object item : c) {
                    check(item, p + "[" + i++ + "]");
                }
            } else if (value instanceof Map<?, ?> m) {
                if (size != null && m.size() > size.max()) {
                    tooMany(p, m.size() + " entries", size.max(), "remove " + (m.size() - size.max()));
                }
            } else if (value instanceof String s) {
                if (size != null && s.length() > size.max()) {
                    tooMany(p, s.length() + " characters", size.max(), "shorten it by " + (s.length() - size.max()));
                }
            } else {
                check(value, p);
            }
        }
    }

    private void tooMany(String path, String found, long max, String fix) {
        problems.add(new Problem(
                path,
                "has " + found + "; at most " + max + " are allowed (a limit of the LoadTest schema, which a"
                        + " cluster enforces too: see \"Limits\" in docs/loadtest-reference.md); " + fix));
    }
}
