package dev.loadtest.engine.run;

import java.util.Map;

/**
 * What the kubelet does to a container's env values before the process sees them, as Kubernetes
 * documents it and its expansion code does: {@code $(NAME)} becomes the value of a variable defined
 * earlier in the list (left as written when there is none), {@code $$} becomes {@code $}, and any
 * other {@code $} stays. {@code loadtest run} reads spec.runners.env values so, as a runner pod's
 * process sees them; the tests' simulated kubelet hands every runner pod's env over so.
 */
public final class KubeletEnv {
    private KubeletEnv() {}

    public static String expand(String value, Map<String, String> definedEarlier) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 == value.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = value.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = value.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                } else {
                    String name = value.substring(i + 2, close);
                    String v = definedEarlier.get(name);
                    out.append(v != null ? v : "$(" + name + ")");
                    i = close + 1;
                }
            } else {
                out.append('$').append(next);
                i += 2;
            }
        }
        return out.toString();
    }
}
