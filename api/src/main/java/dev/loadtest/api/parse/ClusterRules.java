package dev.loadtest.api.parse;

import dev.loadtest.api.model.DataFile;
import dev.loadtest.api.model.EnvVar;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.template.TemplateRef;
import dev.loadtest.api.template.TemplateScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The same rules and messages as {@code loadtest validate}, plus what only matters in a cluster:
 * data comes from config maps (there is no local file), and ${env.NAME} (in the scenario and in
 * spec.target.url) must be declared in spec.env or spec.runners.env (a runner pod has no other
 * environment). The operator judges every
 * LoadTest by them; {@code loadtest validate --cluster} checks a file by them before it is applied.
 */
public final class ClusterRules {
    private ClusterRules() {}

    /**
     * Set by the operator in every runner pod (its index from 0, and how many there are): templates
     * may use them, e.g. to give each runner its own slice of accounts. A local run is runner 0 of 1.
     */
    public static final Set<String> RUNNER_ENV = Set.of("LOADTEST_RUNNER_INDEX", "LOADTEST_RUNNER_COUNT");

    public static List<Problem> validate(LoadTest written) {
        List<Problem> problems = new ArrayList<>(LoadTestValidator.validateAsWritten(written));
        if (written.spec == null) {
            return problems;
        }
        LoadTest effective = LoadTestParser.effective(written);
        problems.addAll(LoadTestValidator.validateEffective(effective.spec));
        if (written.spec.data != null) {
            for (int i = 0; i < written.spec.data.size(); i++) {
                DataFile d = written.spec.data.get(i);
                if (d.file != null && d.configMapKeyRef == null && !onRunnerVolume(d.file, written)) {
                    problems.add(new Problem(
                            "spec.data[" + i + "].file",
                            "a runner pod cannot read a local file; put the CSV in a config map and use"
                                    + " configMapKeyRef: {name, key}, or mount a volume holding it"
                                    + " (spec.runners.volumes, e.g. a persistentVolumeClaim for files over 1 MiB)"
                                    + " and give its absolute path under the volume's mountPath"));
                }
            }
        }
        Set<String> declared = new HashSet<>(RUNNER_ENV);
        addNames(declared, written.spec.env);
        if (written.spec.runners != null) {
            addNames(declared, written.spec.runners.env);
        }
        List<TemplateScan.Found> refs = new ArrayList<>(TemplateScan.scan(written.spec.scenario, "spec.scenario"));
        if (written.spec.target != null && written.spec.target.url != null) {
            refs.addAll(TemplateScan.scan(written.spec.target.url, "spec.target.url"));
        }
        for (TemplateScan.Found f : refs) {
            String name = f.ref().name();
            if (f.ref().kind() == TemplateRef.Kind.ENV && !declared.contains(name)) {
                problems.add(new Problem(
                        f.path(),
                        "${env." + name + "} is not declared; add {name: " + name
                                + ", valueFrom: {secretKeyRef: {name: ..., key: ...}}} (or value) to spec.env"));
            }
        }
        return problems;
    }

    /**
     * What is allowed but most likely a mistake in a cluster: a loopback target (in a runner pod
     * that is the runner itself, so every request fails for the whole run). Said by {@code loadtest
     * validate --cluster} and in a Warning event; not refused, as a target beside the runner in its
     * pod is loopback too.
     */
    public static List<Problem> warnings(LoadTest written) {
        List<Problem> warnings = new ArrayList<>();
        String url = written.spec == null || written.spec.target == null ? null : written.spec.target.url;
        if (url != null && !url.contains("${") && loopback(url)) {
            warnings.add(new Problem(
                    "spec.target.url",
                    "is " + url + ": in a cluster that is the runner pod itself, not your service; use the"
                            + " service's name, e.g. http://my-api.my-namespace:8080"));
        }
        return warnings;
    }

    private static boolean loopback(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            if (host == null) {
                return false;
            }
            host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return host.equalsIgnoreCase("localhost")
                    || host.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")
                    || host.startsWith("127.")
                    || host.equals("::1")
                    || host.equals("0.0.0.0");
        } catch (IllegalArgumentException e) {
            return false; // not a URL: the validator says so
        }
    }

    /** An absolute path under the mountPath of one of spec.runners.volumes: a runner pod has it. */
    private static boolean onRunnerVolume(String file, LoadTest written) {
        if (!file.startsWith("/") || written.spec.runners == null || written.spec.runners.volumes == null) {
            return false;
        }
        try {
            java.nio.file.Path path = java.nio.file.Path.of(file).normalize();
            for (var v : written.spec.runners.volumes) {
                if (v.mountPath != null && v.mountPath.startsWith("/")) {
                    java.nio.file.Path mount =
                            java.nio.file.Path.of(v.mountPath).normalize();
                    if (path.startsWith(mount) && !path.equals(mount)) {
                        return true;
                    }
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        return false;
    }

    private static void addNames(Set<String> into, List<EnvVar> env) {
        if (env != null) {
            env.forEach(e -> into.add(e.name));
        }
    }
}
