package dev.loadtest.api.template;

import java.util.Map;

/**
 * Expands the {@code ${env.NAME}} references of a string that is fixed for a whole run, such as
 * spec.target.url: the engine expands it before the first request, from the same environment the
 * scenario's templates see; the operator keys its per-target queue by it. {@code $$} writes a
 * {@code $}, as in every template.
 */
public final class EnvTemplate {
    private EnvTemplate() {}

    /**
     * {@code text} with every {@code ${env.NAME}} replaced by {@code env}'s value of NAME.
     *
     * @throws IllegalArgumentException when {@code text} is not a template, holds a reference other
     *     than {@code ${env.NAME}}, or names a variable {@code env} does not hold (the message says
     *     which)
     */
    public static String expand(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        for (Object part : Template.parse(text).parts()) {
            if (!(part instanceof TemplateRef ref)) {
                out.append((String) part);
            } else if (ref.kind() != TemplateRef.Kind.ENV) {
                throw new IllegalArgumentException(ref + " is not an environment variable; only ${env.NAME} may be"
                        + " used here, as the value is fixed for the whole run");
            } else if (env.get(ref.name()) == null) {
                throw new IllegalArgumentException(ref + " is not set");
            } else {
                out.append(env.get(ref.name()));
            }
        }
        return out.toString();
    }
}
