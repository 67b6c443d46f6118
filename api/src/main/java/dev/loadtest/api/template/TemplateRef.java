package dev.loadtest.api.template;

/**
 * A {@code ${...}} reference: {@code env.NAME}, {@code data.FILE.COLUMN}, a built-in {@code vu.id},
 * {@code vu.iteration}, {@code random.uuid}, or a per-user variable set by {@code extract}.
 */
public record TemplateRef(Kind kind, String name, String column) {
    public enum Kind {
        ENV,
        DATA,
        BUILTIN,
        VARIABLE
    }

    public static final java.util.Set<String> BUILTINS = java.util.Set.of("vu.id", "vu.iteration", "random.uuid");

    static TemplateRef of(String expression) {
        if (expression.startsWith("env.")) {
            return new TemplateRef(Kind.ENV, expression.substring(4), null);
        }
        if (expression.startsWith("data.")) {
            String rest = expression.substring(5);
            int dot = rest.indexOf('.');
            return dot < 0
                    ? new TemplateRef(Kind.DATA, rest, null)
                    : new TemplateRef(Kind.DATA, rest.substring(0, dot), rest.substring(dot + 1));
        }
        if (BUILTINS.contains(expression)) {
            return new TemplateRef(Kind.BUILTIN, expression, null);
        }
        return new TemplateRef(Kind.VARIABLE, expression, null);
    }

    @Override
    public String toString() {
        return "${"
                + switch (kind) {
                    case ENV -> "env." + name;
                    case DATA -> "data." + name + (column == null ? "" : "." + column);
                    default -> name;
                }
                + "}";
    }
}
