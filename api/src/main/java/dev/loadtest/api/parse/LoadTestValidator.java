package dev.loadtest.api.parse;

import dev.loadtest.api.model.Check;
import dev.loadtest.api.model.DataFile;
import dev.loadtest.api.model.EnvVar;
import dev.loadtest.api.model.KeyRef;
import dev.loadtest.api.model.Load;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.Request;
import dev.loadtest.api.model.Scenario;
import dev.loadtest.api.model.Stage;
import dev.loadtest.api.model.Step;
import dev.loadtest.api.model.Task;
import dev.loadtest.api.model.ThinkTime;
import dev.loadtest.api.model.UserClass;
import dev.loadtest.api.profile.Profile;
import dev.loadtest.api.template.Template;
import dev.loadtest.api.template.TemplateRef;
import dev.loadtest.api.threshold.ThresholdParser;
import dev.loadtest.api.units.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semantic rules a schema cannot express: durations that parse and add up, one load model, weights,
 * requests, templates that refer to something, thresholds that parse. Collects every problem.
 * Shared by {@code loadtest validate}, {@code loadtest run} and the operator.
 */
public final class LoadTestValidator {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern DNS_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** A volume's name in a pod: a DNS label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Runner pod volumes the operator adds (data sets from config maps) have names starting so. */
    public static final String RESERVED_VOLUME_PREFIX = "loadtest-";
    /** A LoadTest's name is a label value of its runner pods: at most 63 characters. */
    public static final int MAX_NAME_LENGTH = 63;
    /** The API server appends 5 characters to metadata.generateName. */
    public static final int MAX_GENERATE_NAME_LENGTH = MAX_NAME_LENGTH - 5;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<Problem> problems = new ArrayList<>();

    private LoadTestValidator() {}

    /** Rules on what the user wrote: header, profile name, thresholds and abort rules (by their index). */
    public static List<Problem> validateAsWritten(LoadTest test) {
        LoadTestValidator v = new LoadTestValidator();
        v.header(test);
        LoadTestSpec spec = test.spec;
        if (spec != null) {
            if (spec.profile != null && Profile.byId(spec.profile) == null) {
                v.add("spec.profile", "found \"" + spec.profile + "\"; expected one of " + Profile.allIds());
            }
            v.thresholds(spec.thresholds, "spec.thresholds", false);
            v.thresholds(spec.abort, "spec.abort", true);
            new SizeLimits(v.problems).check(spec, "spec");
        }
        return v.problems;
    }

    /** Rules on the effective spec, after the profile filled it in. */
    public static List<Problem> validateEffective(LoadTestSpec spec) {
        LoadTestValidator v = new LoadTestValidator();
        if (spec == null) {
            return v.problems;
        }
        v.target(spec);
        v.load(spec.load);
        v.thinkTime(spec.thinkTime, "spec.thinkTime");
        Set<String> dataNames = v.data(spec.data);
        v.env(spec.env, "spec.env");
        v.scenario(spec.scenario, dataNames);
        v.thresholdScopes(spec.thresholds, "spec.thresholds", spec.scenario);
        v.thresholdScopes(spec.abort, "spec.abort", spec.scenario);
        v.runners(spec);
        v.cleanup(spec);
        new ObservationValidator(v.problems).validate(spec);
        return v.problems;
    }

    private void header(LoadTest t) {
        if (t.apiVersion == null) {
            add("apiVersion", "is required; write apiVersion: " + LoadTest.API_VERSION);
        } else if (!LoadTest.API_VERSION.equals(t.apiVersion)) {
            add("apiVersion", "found \"" + t.apiVersion + "\"; expected " + LoadTest.API_VERSION);
        }
        if (t.kind == null) {
            add("kind", "is required; write kind: " + LoadTest.KIND);
        } else if (!LoadTest.KIND.equals(t.kind)) {
            add("kind", "found \"" + t.kind + "\"; expected " + LoadTest.KIND);
        }
        if (t.metadata != null && t.metadata.name != null) {
            if (!DNS_NAME.matcher(t.metadata.name).matches()) {
                add(
                        "metadata.name",
                        "found \"" + t.metadata.name
                                + "\"; a name is lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
            } else if (t.metadata.name.length() > MAX_NAME_LENGTH) {
                // the API server would take a longer LoadTest, then refuse its runner pods
                add(
                        "metadata.name",
                        "is " + t.metadata.name.length() + " characters; at most " + MAX_NAME_LENGTH
                                + ", as it labels the runner pods (loadtest.dev/name) and a label value has at most 63:"
                                + " shorten the name");
            }
        }
        if (t.metadata != null && t.metadata.generateName != null) {
            generateName(t.metadata.generateName);
        }
        if (t.spec == null) {
            add("spec", "is required: a LoadTest needs at least spec.target.url and spec.scenario");
        }
    }

    /** The prefix must start a valid name: the API server appends 5 letters and digits to it. */
    private void generateName(String prefix) {
        if (!DNS_NAME.matcher(prefix + "a").matches()) {
            add(
                    "metadata.generateName",
                    "found \"" + prefix + "\"; a name prefix is lower-case letters, digits, '-' and '.', starting"
                            + " with a letter or digit, e.g. generateName: checkout-smoke-");
        } else if (prefix.length() > MAX_GENERATE_NAME_LENGTH) {
            add(
                    "metadata.generateName",
                    "is " + prefix.length() + " characters; at most " + MAX_GENERATE_NAME_LENGTH
                            + ": the API server appends 5 characters and the name labels the runner pods"
                            + " (loadtest.dev/name; a label value has at most " + MAX_NAME_LENGTH
                            + "): shorten the prefix");
        }
    }

    private void target(LoadTestSpec spec) {
        boolean allAbsolute =
                spec.scenario != null && allRequests(spec.scenario).stream().allMatch(r -> r.url != null);
        if (spec.target == null || spec.target.url == null) {
            if (!allAbsolute) {
                add(
                        "spec.target.url",
                        "is required (requests use relative paths); write e.g. url: http://my-api:8080,"
                                + " or pass --target URL");
            }
        } else {
            targetUrl(spec.target.url);
        }
        if (spec.target != null) {
            duration(spec.target.timeout, "spec.target.timeout");
        }
    }

    /**
     * The base URL is fixed for the run (the operator queues tests by it): it may take its value
     * from the environment, as CI passes a BASE_URL, but not from data, variables or built-ins,
     * which change per user or per request. The expanded value is checked when the run starts
     * ({@link dev.loadtest.api.template.EnvTemplate}).
     */
    private void targetUrl(String value) {
        if (!value.contains("${")) {
            url(value, "spec.target.url");
            return;
        }
        Template t = template(value, "spec.target.url");
        if (t == null) {
            return;
        }
        for (TemplateRef ref : t.references()) {
            if (ref.kind() != TemplateRef.Kind.ENV) {
                add(
                        "spec.target.url",
                        ref + " cannot be used here: the base URL is fixed for the run, so it may refer only to"
                                + " environment variables (write e.g. url: \"${env.BASE_URL}\"); a URL that changes"
                                + " per user or request goes in the request's url");
            }
        }
    }

    private void url(String value, String path) {
        if (value.contains("${")) {
            template(value, path);
            return;
        }
        String problem = httpUrlProblem(value);
        if (problem != null) {
            add(path, "found \"" + value + "\"; " + problem);
        }
    }

    /**
     * What keeps {@code value} from being a URL requests can be sent to ("expected an http:// or
     * https:// URL with a host", or "not a URL (why)"), or null when it is one.
     */
    public static String httpUrlProblem(String value) {
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                return "expected an http:// or https:// URL with a host";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "not a URL (" + e.getMessage() + ")";
        }
    }

    private void load(Load load) {
        if (load == null) {
            add(
                    "spec.load",
                    "is required without a profile: set users and duration, stages, steps or arrivalRate"
                            + " (or profile: smoke)");
            return;
        }
        int shapes = (load.users != null ? 1 : 0)
                + (load.stages != null ? 1 : 0)
                + (load.steps != null ? 1 : 0)
                + (load.arrivalRate != null ? 1 : 0);
        if (shapes == 0) {
            add(
                    "spec.load",
                    "sets no load model; set users (closed), stages, steps (stepped stress) or arrivalRate (open)");
        } else if (shapes > 1) {
            add("spec.load", "sets more than one of users, stages, steps and arrivalRate; keep one load model");
        }
        Duration duration = duration(load.duration, "spec.load.duration");
        Duration rampUp = duration(load.rampUp, "spec.load.rampUp");
        duration(load.gracefulStop, "spec.load.gracefulStop");
        if (load.users != null && load.users < 1) {
            add("spec.load.users", "found " + load.users + "; must be at least 1");
        }
        if ((load.users != null || load.steps != null || load.arrivalRate != null) && load.duration == null) {
            add("spec.load.duration", "is required; write e.g. duration: 15m");
        }
        if (duration != null && rampUp != null && rampUp.compareTo(duration) > 0) {
            add(
                    "spec.load.rampUp",
                    "(" + load.rampUp + ") is longer than spec.load.duration (" + load.duration
                            + "); duration includes the ramp-up, so make rampUp shorter or duration longer");
        }
        if (duration != null && duration.isZero() && load.stages == null) {
            add("spec.load.duration", "is 0s; a test needs a positive duration");
        }
        if (load.stages != null) {
            if (load.stages.isEmpty()) {
                add("spec.load.stages", "is empty; add at least one {duration, users}");
            }
            if (load.duration != null || load.rampUp != null) {
                add("spec.load", "stages set the duration and ramp; remove duration and rampUp");
            }
            for (int i = 0; i < load.stages.size(); i++) {
                Stage s = load.stages.get(i);
                String p = "spec.load.stages[" + i + "]";
                if (s.duration == null) {
                    add(p + ".duration", "is required: how long the stage lasts, e.g. duration: 5m");
                }
                duration(s.duration, p + ".duration");
                if (s.users == null) {
                    add(p + ".users", "is required: the users at the end of the stage, e.g. users: 50");
                } else if (s.users < 0) {
                    add(p + ".users", "found " + s.users + "; must be 0 or more");
                }
            }
        }
        if (load.steps != null) {
            var st = load.steps;
            if (st.from == null) {
                add("spec.load.steps.from", "is required: the users of the first level, e.g. from: 100");
            } else if (st.from < 1) {
                add("spec.load.steps.from", "found " + st.from + "; must be at least 1");
            }
            if (st.step == null) {
                add("spec.load.steps.step", "is required: the users added at each level, e.g. step: 50");
            } else if (st.step < 1) {
                add("spec.load.steps.step", "found " + st.step + "; must be at least 1");
            }
            if (st.to == null) {
                add("spec.load.steps.to", "is required: the users of the last level, e.g. to: 500");
            } else if (st.from != null && st.to < st.from) {
                add("spec.load.steps.to", "found " + st.to + "; must be at least steps.from (" + st.from + ")");
            }
        }
        if (load.arrivalRate != null) {
            if (load.arrivalRate.rate == null) {
                add("spec.load.arrivalRate.rate", "is required: iterations started per period, e.g. rate: 100");
            } else if (load.arrivalRate.rate <= 0) {
                add("spec.load.arrivalRate.rate", "must be more than 0 iterations per period");
            }
            Duration per = duration(load.arrivalRate.per, "spec.load.arrivalRate.per");
            if (per != null && per.isZero()) {
                add("spec.load.arrivalRate.per", "must be longer than 0s; write e.g. per: 1s");
            }
            if (load.maxUsers == null) {
                add(
                        "spec.load.maxUsers",
                        "is required with arrivalRate: the most users busy at once (arrivals beyond"
                                + " it are counted as dropped)");
            }
        }
        if (load.maxUsers != null) {
            if (load.arrivalRate == null) {
                add("spec.load.maxUsers", "applies only to the open model; set arrivalRate or remove maxUsers");
            } else if (load.maxUsers < 1) {
                add("spec.load.maxUsers", "found " + load.maxUsers + "; must be at least 1");
            }
        }
    }

    private void thinkTime(ThinkTime t, String path) {
        if (t == null) {
            return;
        }
        if (t.constant != null) {
            duration(t.constant, path + ".constant");
            if (t.min != null || t.max != null) {
                add(path, "sets constant and min/max; keep one");
            }
            return;
        }
        if (t.min == null || t.max == null) {
            add(path, "needs both min and max (uniform pause), or constant");
            return;
        }
        Duration min = duration(t.min, path + ".min");
        Duration max = duration(t.max, path + ".max");
        if (min != null && max != null && min.compareTo(max) > 0) {
            add(path + ".min", "(" + t.min + ") is longer than max (" + t.max + ")");
        }
    }

    private Set<String> data(List<DataFile> data) {
        Set<String> names = new HashSet<>();
        if (data == null) {
            return names;
        }
        for (int i = 0; i < data.size(); i++) {
            DataFile d = data.get(i);
            String p = "spec.data[" + i + "]";
            if (d.name == null || d.name.isBlank()) {
                add(p + ".name", "is required; it names the file in templates as ${data.NAME.COLUMN}");
            } else if (!names.add(d.name)) {
                add(p + ".name", "\"" + d.name + "\" is used twice; data names must be unique");
            }
            if (d.file == null && d.configMapKeyRef == null) {
                add(p, "needs file (a CSV path) or configMapKeyRef");
            }
            keyRef(d.configMapKeyRef, p + ".configMapKeyRef", "config map");
        }
        return names;
    }

    private void env(List<EnvVar> env, String path) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String p = path + "[" + i + "]";
            if (e.name == null || e.name.isBlank()) {
                add(p + ".name", "is required: the variable's name, used as ${env.NAME}");
            }
            if (e.value != null && e.valueFrom != null) {
                add(p, "sets value and valueFrom; keep one");
            }
            if (e.valueFrom != null) {
                var from = e.valueFrom;
                if ((from.secretKeyRef == null) == (from.configMapKeyRef == null)) {
                    add(
                            p + ".valueFrom",
                            "needs exactly one of secretKeyRef or configMapKeyRef, e.g. secretKeyRef: {name: api, key: token}");
                }
                keyRef(from.secretKeyRef, p + ".valueFrom.secretKeyRef", "secret");
                keyRef(from.configMapKeyRef, p + ".valueFrom.configMapKeyRef", "config map");
            }
        }
    }

    private void keyRef(KeyRef ref, String p, String what) {
        if (ref == null) {
            return;
        }
        if (ref.name == null || ref.name.isBlank()) {
            add(p + ".name", "is required: the " + what + "'s name");
        }
        if (ref.key == null || ref.key.isBlank()) {
            add(p + ".key", "is required: the key within the " + what);
        }
    }

    private void scenario(Scenario scenario, Set<String> dataNames) {
        if (scenario == null) {
            add("spec.scenario", "is required: give tasks, or userClasses with tasks");
            return;
        }
        if (scenario.userClasses != null && (scenario.tasks != null || scenario.onStart != null)) {
            add("spec.scenario", "sets userClasses and tasks/onStart; put tasks inside the user classes");
            return;
        }
        if (scenario.userClasses == null) {
            if (scenario.tasks == null || scenario.tasks.isEmpty()) {
                add("spec.scenario.tasks", "is required: at least one task with a request");
                return;
            }
            UserClass c = new UserClass();
            c.name = "default";
            c.tasks = scenario.tasks;
            c.onStart = scenario.onStart;
            userClass(c, "spec.scenario", dataNames);
            return;
        }
        if (scenario.userClasses.isEmpty()) {
            add("spec.scenario.userClasses", "is empty; add at least one user class");
        }
        Set<String> names = new HashSet<>();
        int total = 0;
        for (int i = 0; i < scenario.userClasses.size(); i++) {
            UserClass c = scenario.userClasses.get(i);
            String p = "spec.scenario.userClasses[" + i + "]";
            if (c.name == null || c.name.isBlank()) {
                add(p + ".name", "is required; it names the class in results");
            } else if (!names.add(c.name)) {
                add(p + ".name", "\"" + c.name + "\" is used twice; class names must be unique");
            }
            total += weight(c.weight, p + ".weight");
            thinkTime(c.thinkTime, p + ".thinkTime");
            userClass(c, p, dataNames);
        }
        if (!scenario.userClasses.isEmpty() && total == 0) {
            add("spec.scenario.userClasses", "all weights are 0; give at least one class a positive weight");
        }
    }

    private void userClass(UserClass c, String p, Set<String> dataNames) {
        Set<String> defined = new HashSet<>();
        // Variables may be extracted anywhere in the class: a task can use what another task set.
        forEachStepExtract(c, defined);
        if (c.onStart != null) {
            for (int i = 0; i < c.onStart.size(); i++) {
                step(c.onStart.get(i), p + ".onStart[" + i + "]", defined, dataNames);
            }
        }
        if (c.tasks == null || c.tasks.isEmpty()) {
            add(p + ".tasks", "is required: at least one task with a request");
            return;
        }
        int total = 0;
        for (int i = 0; i < c.tasks.size(); i++) {
            Task t = c.tasks.get(i);
            String tp = p + ".tasks[" + i + "]";
            total += weight(t.weight, tp + ".weight");
            if (t.request != null && t.steps != null) {
                add(tp, "sets request and steps; a task is one request or a sequence of steps");
            } else if (t.request == null && t.steps == null) {
                add(tp, "needs a request (or steps)");
            } else if (t.request != null) {
                Step asStep = new Step();
                asStep.request = t.request;
                asStep.extract = t.extract;
                asStep.checks = t.checks;
                step(asStep, tp, defined, dataNames);
            } else {
                if (t.extract != null || t.checks != null) {
                    add(tp, "extract and checks belong to each step when a task has steps");
                }
                if (t.steps.isEmpty()) {
                    add(tp + ".steps", "is empty; add at least one step");
                }
                for (int j = 0; j < t.steps.size(); j++) {
                    step(t.steps.get(j), tp + ".steps[" + j + "]", defined, dataNames);
                }
            }
        }
        if (total == 0) {
            add(p + ".tasks", "all weights are 0; give at least one task a positive weight");
        }
    }

    private static void forEachStepExtract(UserClass c, Set<String> defined) {
        List<Map<String, String>> extracts = new ArrayList<>();
        if (c.onStart != null) {
            c.onStart.forEach(s -> extracts.add(s.extract));
        }
        if (c.tasks != null) {
            for (Task t : c.tasks) {
                extracts.add(t.extract);
                if (t.steps != null) {
                    t.steps.forEach(s -> extracts.add(s.extract));
                }
            }
        }
        extracts.stream().filter(e -> e != null).forEach(e -> defined.addAll(e.keySet()));
    }

    private void step(Step s, String p, Set<String> defined, Set<String> dataNames) {
        if (s.request == null) {
            add(p + ".request", "is required");
            return;
        }
        request(s.request, p + ".request", defined, dataNames);
        duration(s.pause, p + ".pause");
        if (s.extract != null) {
            s.extract.forEach((name, expr) -> extract(expr, p + ".extract." + name));
        }
        if (s.checks != null) {
            for (int i = 0; i < s.checks.size(); i++) {
                check(s.checks.get(i), p + ".checks[" + i + "]");
            }
        }
    }

    private void request(Request r, String p, Set<String> defined, Set<String> dataNames) {
        if (r.method != null && !METHODS.contains(r.method)) {
            add(
                    p + ".method",
                    "found \"" + r.method + "\"; expected one of "
                            + String.join(", ", METHODS.stream().sorted().toList()));
        }
        if (r.path == null && r.url == null) {
            add(p, "needs path (relative to spec.target.url) or url (absolute)");
        } else if (r.path != null && r.url != null) {
            add(p, "sets path and url; keep one");
        } else if (r.path != null && !r.path.startsWith("/") && !r.path.startsWith("${")) {
            add(p + ".path", "found \"" + r.path + "\"; a path starts with /, e.g. /" + r.path);
        } else if (r.url != null) {
            url(r.url, p + ".url");
        }
        if (r.json != null && r.body != null) {
            add(p, "sets json and body; keep one");
        }
        duration(r.timeout, p + ".timeout");
        references(r.path, p + ".path", defined, dataNames);
        references(r.url, p + ".url", defined, dataNames);
        references(r.body, p + ".body", defined, dataNames);
        if (r.query != null) {
            r.query.forEach((k, v) -> references(v, p + ".query." + k, defined, dataNames));
        }
        if (r.headers != null) {
            r.headers.forEach((k, v) -> references(v, p + ".headers." + k, defined, dataNames));
        }
        if (r.json != null) {
            jsonReferences(JSON.convertValue(r.json, Object.class), p + ".json", defined, dataNames);
        }
    }

    private void jsonReferences(Object node, String p, Set<String> defined, Set<String> dataNames) {
        if (node instanceof String s) {
            references(s, p, defined, dataNames);
        } else if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> jsonReferences(v, p + "." + k, defined, dataNames));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                jsonReferences(l.get(i), p + "[" + i + "]", defined, dataNames);
            }
        }
    }

    private void references(String text, String p, Set<String> defined, Set<String> dataNames) {
        if (text == null) {
            return;
        }
        Template t = template(text, p);
        if (t == null) {
            return;
        }
        for (TemplateRef ref : t.references()) {
            if (ref.kind() == TemplateRef.Kind.VARIABLE && !defined.contains(ref.name())) {
                add(
                        p,
                        ref + " is not defined: no extract in this user class sets '" + ref.name()
                                + "'; add extract: {" + ref.name() + ": ...} to an onStart step, or use ${env."
                                + ref.name() + "} for an environment variable");
            } else if (ref.kind() == TemplateRef.Kind.DATA && !dataNames.contains(ref.name())) {
                add(p, ref + " refers to no data file; declare spec.data: [{name: " + ref.name() + ", file: ...}]");
            }
        }
    }

    private Template template(String text, String p) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            add(p, e.getMessage());
            return null;
        }
    }

    private void extract(String expr, String p) {
        if (expr == null || expr.isBlank()) {
            add(p, "is empty; write \"$.json.path\", \"header:Name\" or \"regex:pattern(group)\"");
        } else if (expr.startsWith("regex:")) {
            try {
                if (Pattern.compile(expr.substring(6)).matcher("").groupCount() < 1) {
                    add(p, "the regex has no capturing group; wrap the value in ( )");
                }
            } catch (PatternSyntaxException e) {
                add(p, "is not a valid regex: " + e.getDescription() + " near character " + (e.getIndex() + 1));
            }
        } else if (expr.startsWith("header:")) {
            if (expr.substring(7).isBlank()) {
                add(p, "names no header; write header:Name");
            }
        } else if (!expr.startsWith("$")) {
            add(p, "found \"" + expr + "\"; write \"$.json.path\", \"header:Name\" or \"regex:pattern(group)\"");
        } else {
            jsonPath(expr, p);
        }
    }

    private void jsonPath(String path, String p) {
        try {
            JsonPaths.parse(path);
        } catch (IllegalArgumentException e) {
            add(p, e.getMessage());
        }
    }

    private void check(Check c, String p) {
        if (c.status == null && c.bodyContains == null && c.json == null && c.maxDuration == null) {
            add(p, "checks nothing; set status, bodyContains, json or maxDuration");
        }
        if (c.status != null && (c.status < 100 || c.status > 599)) {
            add(p + ".status", "found " + c.status + "; an HTTP status is between 100 and 599");
        }
        if (c.json != null) {
            if (c.json.path == null) {
                add(p + ".json.path", "is required, e.g. $.status");
            } else {
                jsonPath(c.json.path, p + ".json.path");
            }
        }
        duration(c.maxDuration, p + ".maxDuration");
    }

    private void runners(LoadTestSpec spec) {
        if (spec.runners == null) {
            return;
        }
        if (spec.runners.usersPerRunner != null && spec.runners.usersPerRunner < 1) {
            add("spec.runners.usersPerRunner", "found " + spec.runners.usersPerRunner + "; must be at least 1");
        }
        if (spec.runners.count != null && spec.runners.count < 1) {
            add("spec.runners.count", "found " + spec.runners.count + "; must be at least 1");
        }
        if (spec.runners.count != null && spec.runners.usersPerRunner != null) {
            add("spec.runners", "sets count and usersPerRunner; keep one");
        }
        duration(spec.runners.startTimeout, "spec.runners.startTimeout");
        env(spec.runners.env, "spec.runners.env");
        if (spec.runners.volumes != null) {
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < spec.runners.volumes.size(); i++) {
                var v = spec.runners.volumes.get(i);
                String p = "spec.runners.volumes[" + i + "]";
                if (v.name == null || v.name.isBlank()) {
                    add(p + ".name", "is required: the volume's name in the runner pod, e.g. name: certs");
                } else {
                    volumeName(v.name, p + ".name", names);
                }
                if (v.mountPath == null || v.mountPath.isBlank()) {
                    add(p + ".mountPath", "is required: where the runner sees the files, e.g. mountPath: /etc/certs");
                }
                int sources = (v.secret != null ? 1 : 0)
                        + (v.configMap != null ? 1 : 0)
                        + (v.persistentVolumeClaim != null ? 1 : 0);
                if (sources > 1) {
                    add(
                            p,
                            "sets more than one of secret, configMap and persistentVolumeClaim; a volume mounts one"
                                    + " of them, so keep one");
                } else if (sources == 0) {
                    add(
                            p,
                            "mounts nothing; set secret (a secret's name), configMap (a config map's name) or"
                                    + " persistentVolumeClaim (a claim's name)");
                }
            }
        }
    }

    /** The API server would refuse the runner pods, all of them, after the run was admitted. */
    private void volumeName(String name, String path, Set<String> seen) {
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            add(
                    path,
                    "found \"" + name + "\"; a volume's name is a DNS label (at most 63 lowercase letters, digits"
                            + " and '-', starting and ending with a letter or digit): e.g. "
                            + suggestedLabel(name));
        } else if (name.startsWith(RESERVED_VOLUME_PREFIX)) {
            add(
                    path,
                    "found \"" + name + "\"; names starting with \"" + RESERVED_VOLUME_PREFIX
                            + "\" are the operator's own (data sets from config maps): choose another");
        } else if (!seen.add(name)) {
            add(path, "found \"" + name + "\" again; each volume needs a name of its own");
        }
    }

    private static String suggestedLabel(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        s = s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
        return s.isEmpty() ? "certs" : s;
    }

    private void cleanup(LoadTestSpec spec) {
        if (spec.cleanup == null) {
            return;
        }
        String policy = spec.cleanup.runnerPods;
        if (policy != null && !Set.of("Always", "OnSuccess", "Never").contains(policy)) {
            add("spec.cleanup.runnerPods", "found \"" + policy + "\"; expected Always, OnSuccess or Never");
        }
        if (spec.cleanup.ttlSecondsAfterFinished != null && spec.cleanup.ttlSecondsAfterFinished < 0) {
            add(
                    "spec.cleanup.ttlSecondsAfterFinished",
                    "found " + spec.cleanup.ttlSecondsAfterFinished + "; must be 0 or more");
        }
    }

    private void thresholds(List<String> list, String p, boolean abort) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            try {
                if (abort) {
                    ThresholdParser.parseAbortRule(list.get(i));
                } else {
                    ThresholdParser.parse(list.get(i));
                }
            } catch (IllegalArgumentException e) {
                add(p + "[" + i + "]", e.getMessage());
            }
        }
    }

    /**
     * A {@code {name:...}} no request of the scenario is filed under would measure nothing: a
     * misspelt endpoint's {@code http_req_failed: count < 1} would pass whatever failed.
     */
    private void thresholdScopes(List<String> list, String p, Scenario scenario) {
        if (list == null || scenario == null) {
            return;
        }
        Set<String> endpoints = EndpointNames.all(scenario);
        for (int i = 0; i < list.size(); i++) {
            String endpoint;
            try {
                endpoint = ThresholdParser.parseAbortRule(list.get(i)).endpoint(); // parses thresholds too
            } catch (IllegalArgumentException e) {
                continue; // reported with the rules on what was written
            }
            if (endpoint != null && !endpoints.contains(endpoint)) {
                add(
                        p + "[" + i + "]",
                        "no request of the scenario is named \"" + endpoint + "\", so the threshold would measure"
                                + " nothing; endpoints: " + String.join(", ", endpoints)
                                + " (a request's name, else its step's or task's, else METHOD path)");
            }
        }
    }

    private int weight(Integer w, String p) {
        if (w == null) {
            return 1;
        }
        if (w < 0) {
            add(p, "found " + w + "; a weight is 0 or more (default 1)");
            return 0;
        }
        return w;
    }

    private Duration duration(String value, String path) {
        if (value == null) {
            return null;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
            return null;
        }
    }

    private static List<Request> allRequests(Scenario s) {
        List<Request> out = new ArrayList<>();
        List<UserClass> classes = new ArrayList<>();
        if (s.userClasses != null) {
            classes.addAll(s.userClasses);
        }
        UserClass d = new UserClass();
        d.tasks = s.tasks;
        d.onStart = s.onStart;
        classes.add(d);
        for (UserClass c : classes) {
            if (c.onStart != null) {
                c.onStart.stream().filter(st -> st.request != null).forEach(st -> out.add(st.request));
            }
            if (c.tasks != null) {
                for (Task t : c.tasks) {
                    if (t.request != null) {
                        out.add(t.request);
                    }
                    if (t.steps != null) {
                        t.steps.stream().filter(st -> st.request != null).forEach(st -> out.add(st.request));
                    }
                }
            }
        }
        return out;
    }

    private void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
