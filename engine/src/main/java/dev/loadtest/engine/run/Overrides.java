package dev.loadtest.engine.run;

import dev.loadtest.api.model.Load;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.model.Stage;
import dev.loadtest.api.model.Target;
import dev.loadtest.api.parse.InvalidLoadTestException;
import dev.loadtest.api.parse.LoadTestValidator;
import dev.loadtest.api.parse.Problem;
import dev.loadtest.api.units.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line overrides of an effective LoadTest, like k6's {@code --vus} and {@code --duration}.
 * A shorter duration scales the whole shape (ramp-up and stages) so the test keeps its form.
 */
public final class Overrides {
    private Overrides() {}

    public static LoadTest apply(LoadTest test, String source, String targetUrl, Integer users, String duration) {
        List<Problem> problems = new ArrayList<>();
        Load load = test.spec.load;
        if (targetUrl != null) {
            if (test.spec.target == null) {
                test.spec.target = new Target();
            }
            test.spec.target.url = targetUrl;
        }
        if (users != null) {
            if (users < 1) {
                problems.add(new Problem("--users", "found " + users + "; must be at least 1"));
            } else if (load.arrivalRate != null) {
                problems.add(new Problem(
                        "--users", "applies to closed models; this test uses spec.load.arrivalRate (an open model)"));
            } else {
                if (load.stages != null) {
                    long total = load.stages.stream()
                            .mapToLong(s -> Durations.parse(s.duration).toNanos())
                            .sum();
                    load.duration = Durations.format(Duration.ofNanos(total));
                    load.rampUp = Durations.format(Duration.ofNanos(
                            Durations.parse(load.stages.get(0).duration).toNanos()));
                    load.stages = null;
                }
                load.steps = null;
                load.users = users;
            }
        }
        if (duration != null) {
            Duration d;
            try {
                d = Durations.parse(duration);
                if (d.isZero()) {
                    throw new IllegalArgumentException("found \"" + duration + "\"; a test needs a positive duration");
                }
                scale(load, d);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("--duration", e.getMessage()));
            }
        }
        problems.addAll(LoadTestValidator.validateEffective(test.spec));
        if (!problems.isEmpty()) {
            throw new InvalidLoadTestException(source, problems);
        }
        return test;
    }

    private static void scale(Load load, Duration to) {
        if (load.stages != null) {
            long total = load.stages.stream()
                    .mapToLong(s -> Durations.parse(s.duration).toNanos())
                    .sum();
            double f = to.toNanos() / (double) total;
            for (Stage s : load.stages) {
                s.duration = nanos((long) (Durations.parse(s.duration).toNanos() * f));
            }
            return;
        }
        if (load.rampUp != null && load.duration != null) {
            double f = to.toNanos() / (double) Durations.parse(load.duration).toNanos();
            load.rampUp = nanos((long) (Durations.parse(load.rampUp).toNanos() * f));
        }
        load.duration = nanos(to.toNanos());
    }

    private static String nanos(long n) {
        return (n / 1_000_000) + "ms";
    }
}
