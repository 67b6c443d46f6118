package dev.loadtest.api.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with {@code ${...}} references, split once into literal and reference parts so a
 * request is rendered without re-parsing. {@code $$} writes a literal {@code $}.
 */
public final class Template {
    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*(\\.[A-Za-z0-9_\\-]+)*");

    /** A part is a literal String or a {@link TemplateRef}. */
    private final List<Object> parts;

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    public List<Object> parts() {
        return parts;
    }

    public boolean isConstant() {
        return parts.stream().noneMatch(p -> p instanceof TemplateRef);
    }

    public List<TemplateRef> references() {
        List<TemplateRef> refs = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof TemplateRef r) {
                refs.add(r);
            }
        }
        return refs;
    }

    /** Parses; throws {@link IllegalArgumentException} naming the character at fault. */
    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "'${' at character " + (i + 1) + " is not closed by '}' (write $$ for a literal $)");
                }
                String expr = text.substring(i + 2, close).trim();
                if (!NAME.matcher(expr).matches()) {
                    throw new IllegalArgumentException("'${" + expr + "}' at character " + (i + 1)
                            + " is not a reference; use ${env.NAME}, ${data.FILE.COLUMN}, ${vu.id} or ${variable}");
                }
                TemplateRef ref = TemplateRef.of(expr);
                if (ref.kind() == TemplateRef.Kind.DATA && ref.column() == null) {
                    throw new IllegalArgumentException("'${" + expr + "}' at character " + (i + 1)
                            + " names no column; write ${data." + ref.name() + ".COLUMN}");
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(ref);
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(List.copyOf(parts));
    }
}
