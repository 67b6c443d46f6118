package dev.loadtest.engine.run;

import dev.loadtest.api.model.DataFile;
import dev.loadtest.api.model.EnvVar;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.parse.LoadTestValidator;
import dev.loadtest.api.parse.Problem;
import dev.loadtest.api.template.EnvTemplate;
import dev.loadtest.api.template.Template;
import dev.loadtest.api.template.TemplateRef;
import dev.loadtest.api.template.TemplateScan;
import dev.loadtest.engine.scenario.DataSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves what templates need before any load starts: environment values, data files and the
 * base URL (spec.target.url, whose ${env.NAME} are expanded from the same environment). A missing
 * variable, file or column is a problem with its path, reported before the first request, never an
 * empty string sent to the target.
 */
final class RunInputs {
    private static final String TARGET_URL = "spec.target.url";

    final Map<String, String> env = new HashMap<>();
    /** spec.target.url expanded; null without one (every request has an absolute url) or when invalid. */
    String targetUrl;

    final Map<String, DataSet> data = new HashMap<>();
    final List<Problem> problems = new ArrayList<>();
    /** Variables whose value is written in the spec (spec.env, spec.runners.env): safe to quote. */
    private final java.util.Set<String> spelledOut = new java.util.HashSet<>();

    RunInputs(LoadTestSpec spec, RunOptions options) {
        Map<String, String> process = options.processEnv() == null ? Map.of() : options.processEnv();
        env.putAll(process);
        // as the operator sets them in each runner pod: a local run is runner 0 of 1
        env.putIfAbsent("LOADTEST_RUNNER_INDEX", "0");
        env.putIfAbsent("LOADTEST_RUNNER_COUNT", "1");
        // as in a runner pod: spec.runners.env is the pod's environment (set over the image's, its
        // values expanded by the kubelet), spec.env is the LoadTest's own and wins
        Map<String, String> spelled =
                SpecEnvironment.of(spec, Map.of("LOADTEST_RUNNER_INDEX", "0", "LOADTEST_RUNNER_COUNT", "1"), process);
        env.putAll(spelled);
        spelledOut.addAll(spelled.keySet());
        List<String> fromSecrets = new ArrayList<>(); // in a pod the kubelet sets them; locally the shell must
        for (List<EnvVar> vars : java.util.Arrays.asList(spec.runners == null ? null : spec.runners.env, spec.env)) {
            for (EnvVar e : vars == null ? List.<EnvVar>of() : vars) {
                if (e.value == null && e.valueFrom != null) {
                    fromSecrets.add(e.name);
                }
            }
        }
        if (spec.data != null) {
            for (int i = 0; i < spec.data.size(); i++) {
                DataFile d = spec.data.get(i);
                if (d.file == null) {
                    if (d.configMapKeyRef != null) {
                        // rendered as "" the run would go on and send empty values
                        problems.add(new Problem(
                                "spec.data[" + i + "]",
                                "'" + d.name + "' comes from config map " + d.configMapKeyRef.name + " (key "
                                        + d.configMapKeyRef.key + ") in a cluster; for a run here add file: with"
                                        + " the same CSV (a runner pod reads the config map, a local run the file)"));
                    }
                    continue;
                }
                Path file = options.baseDir() == null
                        ? Path.of(d.file)
                        : options.baseDir().resolve(d.file);
                try {
                    data.put(d.name, DataSet.load(d.name, file));
                } catch (IOException e) {
                    problems.add(new Problem(
                            "spec.data[" + i + "].file", "cannot read " + file + " (" + e.getMessage() + ")"));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem("spec.data[" + i + "].file", e.getMessage()));
                }
            }
        }
        for (TemplateScan.Found f : TemplateScan.scan(spec.scenario, "spec.scenario")) {
            check(f.ref(), f.path(), fromSecrets);
        }
        if (spec.target != null && spec.target.url != null) {
            targetUrl = targetUrl(spec.target.url, fromSecrets);
        }
    }

    /** The base URL with its ${env.NAME} expanded, checked to be one; null with a problem if not. */
    private String targetUrl(String written, List<String> fromSecrets) {
        if (!written.contains("${")) {
            return written; // as written, "$$" too: only a template is expanded (the queue keys it so)
        }
        Template t;
        try {
            t = Template.parse(written);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(TARGET_URL, e.getMessage()));
            return null;
        }
        int before = problems.size();
        for (TemplateRef ref : t.references()) {
            if (ref.kind() == TemplateRef.Kind.ENV) {
                check(ref, TARGET_URL, fromSecrets);
            } else { // refused by the validator: the base URL is fixed for the run
                problems.add(new Problem(TARGET_URL, ref + " cannot be used here; use ${env.NAME}"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        String url = EnvTemplate.expand(written, env);
        String wrong = LoadTestValidator.httpUrlProblem(url);
        if (wrong != null) {
            List<String> names = t.references().stream().map(TemplateRef::name).toList();
            boolean one = t.parts().size() == 1 && names.size() == 1;
            String fix = one
                    ? "; set " + names.get(0) + " to one, e.g. https://api.example.com"
                    : "; check the value of " + String.join(", ", names);
            if (spelledOut.containsAll(names)) {
                problems.add(new Problem(
                        TARGET_URL,
                        (one ? t.references().get(0) + " is" : "\"" + written + "\" expands to") + " \"" + url + "\", "
                                + wrong + fix));
            } else {
                // a value from the environment may be a secret's (in a runner pod, this message is
                // the pod's termination message, then the LoadTest's status and an Event): not shown
                problems.add(new Problem(
                        TARGET_URL,
                        (one ? t.references().get(0) : "\"" + written + "\"") + " is not an http:// or https:// URL"
                                + " with a host (the value is not shown: it comes from the environment and may be"
                                + " secret; look for a missing http:// or a trailing newline)" + fix));
            }
            return null;
        }
        return url;
    }

    private void check(TemplateRef ref, String path, List<String> fromSecrets) {
        if (ref.kind() == TemplateRef.Kind.ENV && !env.containsKey(ref.name())) {
            String how = fromSecrets.contains(ref.name())
                    ? "it comes from a secret in a cluster; locally export " + ref.name() + "=..."
                    : "export " + ref.name() + "=... or add {name: " + ref.name() + ", value: ...} to spec.env";
            problems.add(new Problem(path, ref + " is not set: " + how));
        } else if (ref.kind() == TemplateRef.Kind.DATA) {
            DataSet d = data.get(ref.name());
            if (d != null && d.column(ref.column()) < 0) {
                problems.add(new Problem(
                        path,
                        ref + ": data file '" + ref.name() + "' has no column '" + ref.column() + "'; its columns are "
                                + String.join(", ", d.columns())));
            }
        }
    }
}
