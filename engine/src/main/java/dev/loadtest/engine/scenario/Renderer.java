package dev.loadtest.engine.scenario;

import dev.loadtest.api.template.Template;
import dev.loadtest.api.template.TemplateRef;
import java.util.UUID;

/** Renders a parsed template for one user; JSON mode escapes substituted values. */
final class Renderer {
    private Renderer() {}

    static String render(Template t, UserContext u, boolean jsonEscape) {
        if (t.parts().size() == 1 && t.parts().get(0) instanceof String s) {
            return s;
        }
        StringBuilder b = new StringBuilder(64);
        for (Object part : t.parts()) {
            if (part instanceof String s) {
                b.append(s);
            } else {
                String v = value((TemplateRef) part, u);
                if (jsonEscape) {
                    escapeJson(v, b);
                } else {
                    b.append(v);
                }
            }
        }
        return b.toString();
    }

    static String value(TemplateRef ref, UserContext u) {
        return switch (ref.kind()) {
            case ENV -> {
                String v = u.run.env().get(ref.name());
                yield v == null ? "" : v;
            }
            case DATA -> {
                DataSet d = u.run.data().get(ref.name());
                yield d == null ? "" : d.value(u.userIndex, d.column(ref.column()));
            }
            case BUILTIN ->
                switch (ref.name()) {
                    case "vu.id" -> String.valueOf(u.userIndex);
                    case "vu.iteration" -> String.valueOf(u.iteration);
                    default -> UUID.randomUUID().toString();
                };
            case VARIABLE -> {
                String v = u.variable(ref.name());
                yield v == null ? "" : v;
            }
        };
    }

    private static void escapeJson(String v, StringBuilder b) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
