package dev.loadtest.engine.scenario;

import dev.loadtest.api.model.Check;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.model.Request;
import dev.loadtest.api.model.Step;
import dev.loadtest.api.model.Task;
import dev.loadtest.api.model.UserClass;
import dev.loadtest.api.units.Durations;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario turned into shared, immutable runtime objects once, before the first user starts:
 * templates parsed, endpoint recorders and check counters registered, constant requests encoded.
 */
public final class CompiledScenario {
    private static final long DEFAULT_TIMEOUT_NANOS = 60_000_000_000L;

    private final List<CompiledClass> classes;
    private final ClassMix mix;
    final RunContext run;

    private CompiledScenario(List<CompiledClass> classes, RunContext run) {
        this.classes = classes;
        this.mix = new ClassMix(classes.stream().map(c -> c.weight).toList());
        this.run = run;
    }

    /** Compiled against spec.target.url as written (no ${env.NAME} in it). */
    public static CompiledScenario compile(LoadTestSpec spec, RunContext run) {
        return compile(spec, spec.target != null ? spec.target.url : null, run);
    }

    /** {@code baseUrl}: spec.target.url with its ${env.NAME} expanded (null: requests have absolute URLs). */
    public static CompiledScenario compile(LoadTestSpec spec, String baseUrl, RunContext run) {
        URI base = baseUrl != null ? URI.create(baseUrl) : null;
        long defaultTimeout = spec.target != null && spec.target.timeout != null
                ? Durations.parse(spec.target.timeout).toNanos()
                : DEFAULT_TIMEOUT_NANOS;
        List<UserClass> userClasses = spec.scenario.userClasses;
        if (userClasses == null) {
            UserClass c = new UserClass();
            c.name = "default";
            c.tasks = spec.scenario.tasks;
            c.onStart = spec.scenario.onStart;
            userClasses = List.of(c);
        }
        List<CompiledClass> classes = new ArrayList<>();
        for (UserClass uc : userClasses) {
            List<CompiledStep> onStart = new ArrayList<>();
            if (uc.onStart != null) {
                for (Step s : uc.onStart) {
                    onStart.add(step(s.name, s.request, s.extract, s.checks, s.pause, base, defaultTimeout, run));
                }
            }
            List<CompiledTask> tasks = new ArrayList<>();
            for (Task t : uc.tasks) {
                List<CompiledStep> steps = new ArrayList<>();
                if (t.request != null) {
                    steps.add(step(t.name, t.request, t.extract, t.checks, null, base, defaultTimeout, run));
                } else {
                    for (Step s : t.steps) {
                        steps.add(step(s.name, s.request, s.extract, s.checks, s.pause, base, defaultTimeout, run));
                    }
                }
                String name = t.name != null ? t.name : steps.get(0).endpoint();
                tasks.add(new CompiledTask(name, t.weight == null ? 1 : t.weight, steps));
            }
            ThinkTimes think = ThinkTimes.of(uc.thinkTime != null ? uc.thinkTime : spec.thinkTime);
            classes.add(new CompiledClass(uc.name, uc.weight == null ? 1 : uc.weight, onStart, tasks, think));
        }
        return new CompiledScenario(List.copyOf(classes), run);
    }

    private static CompiledStep step(
            String name,
            Request r,
            Map<String, String> extract,
            List<Check> checks,
            String pause,
            URI base,
            long defaultTimeout,
            RunContext run) {
        long timeout = r.timeout == null ? 0 : Durations.parse(r.timeout).toNanos();
        CompiledRequest request = new CompiledRequest(r, base, defaultTimeout, timeout);
        String endpoint = dev.loadtest.api.parse.EndpointNames.of(r, name);
        List<CompiledCheck> compiledChecks = new ArrayList<>();
        if (checks != null) {
            for (Check c : checks) {
                compiledChecks.addAll(CompiledCheck.of(c, endpoint, run.stats()));
            }
        }
        List<Extractor> extractors = new ArrayList<>();
        if (extract != null) {
            extract.forEach((var, expr) -> extractors.add(new Extractor(var, expr, endpoint, run.stats())));
        }
        long pauseNanos = pause == null ? 0 : Durations.parse(pause).toNanos();
        return CompiledStep.of(
                endpoint, run.stats().endpoint(endpoint), request, compiledChecks, extractors, pauseNanos);
    }

    public List<CompiledClass> classes() {
        return classes;
    }

    /** The class of global user index N: the weights hold exactly over every prefix of users. */
    public CompiledClass classOf(int userIndex) {
        return classes.get(mix.classOf(userIndex));
    }

    /** The class of user {@code userIndex}, as an index into {@link #classes()}. */
    public int classIndexOfUser(int userIndex) {
        return mix.classOf(userIndex);
    }

    /** The class of the open model's arrival number {@code arrival} (0-based, over all runners). */
    public int classIndexOfArrival(long arrival) {
        return mix.classOf(arrival);
    }
}
