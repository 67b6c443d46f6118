package dev.loadtest.engine.run;

import dev.loadtest.api.model.EnvVar;
import dev.loadtest.api.model.LoadTestSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a LoadTest's spec itself gives its runners, as a runner pod's process sees them:
 * spec.runners.env with {@code $(VAR)} expanded as the kubelet does, and a value of spec.env over
 * it (the LoadTest's own wins). A local run puts them over the shell's environment; the operator
 * keys its per-target queue by spec.target.url expanded from them.
 */
public final class SpecEnvironment {
    private SpecEnvironment() {}

    /**
     * @param podEnv what the pod has before spec.runners.env (the operator's LOADTEST_* variables)
     * @param fromSources values of variables set from secrets or config maps, where known (the
     *     shell's, locally; none in the operator): a variable without one is left out
     */
    public static Map<String, String> of(
            LoadTestSpec spec, Map<String, String> podEnv, Map<String, String> fromSources) {
        List<EnvVar> specEnv = spec.env == null ? List.of() : spec.env;
        Map<String, String> pod = new HashMap<>(podEnv); // what the kubelet expands $(VAR) with
        for (EnvVar e : specEnv) {
            String v = e.value != null ? e.value : fromSources.get(e.name);
            if (v != null) {
                pod.put(e.name, v);
            }
        }
        Map<String, String> spelledOut = new HashMap<>();
        List<EnvVar> runnersEnv = spec.runners == null || spec.runners.env == null ? List.of() : spec.runners.env;
        for (EnvVar e : runnersEnv) {
            if (e.value != null) {
                String seen = KubeletEnv.expand(e.value, pod);
                pod.put(e.name, seen);
                spelledOut.put(e.name, seen);
            } else if (e.valueFrom != null) {
                spelledOut.remove(e.name); // set by the kubelet from its source: not the spec's words
                if (fromSources.get(e.name) != null) {
                    pod.put(e.name, fromSources.get(e.name));
                } else {
                    pod.remove(e.name);
                }
            }
        }
        specEnv.stream().filter(e -> e.value != null).forEach(e -> spelledOut.put(e.name, e.value));
        return spelledOut;
    }
}
