package dev.loadtest.api.parse;

import dev.loadtest.api.model.Request;
import dev.loadtest.api.model.Scenario;
import dev.loadtest.api.model.Step;
import dev.loadtest.api.model.Task;
import dev.loadtest.api.model.UserClass;
import dev.loadtest.api.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names results file requests under: the one rule the engine records by and the validator
 * checks {@code {name:...}} thresholds against.
 */
public final class EndpointNames {
    private EndpointNames() {}

    /** A request's own name, else its step's or task's, else "METHOD path" (or url) as written. */
    public static String of(Request r, String stepOrTaskName) {
        if (r.name != null) {
            return r.name;
        }
        if (stepOrTaskName != null) {
            return stepOrTaskName;
        }
        StringBuilder b = new StringBuilder(r.method == null ? "GET" : r.method).append(' ');
        for (Object part : Template.parse(r.url != null ? r.url : r.path).parts()) {
            b.append(part);
        }
        return b.toString();
    }

    /** Every endpoint name of a scenario, in the order written. */
    public static Set<String> all(Scenario scenario) {
        Set<String> names = new LinkedHashSet<>();
        if (scenario == null) {
            return names;
        }
        List<UserClass> classes = new ArrayList<>();
        if (scenario.userClasses != null) {
            classes.addAll(scenario.userClasses);
        } else {
            UserClass c = new UserClass();
            c.onStart = scenario.onStart;
            c.tasks = scenario.tasks;
            classes.add(c);
        }
        for (UserClass c : classes) {
            if (c == null) {
                continue;
            }
            steps(c.onStart, names);
            if (c.tasks != null) {
                for (Task t : c.tasks) {
                    if (t == null) {
                        continue;
                    }
                    if (t.request != null) {
                        add(t.request, t.name, names);
                    }
                    steps(t.steps, names);
                }
            }
        }
        return names;
    }

    private static void steps(List<Step> steps, Set<String> names) {
        if (steps != null) {
            for (Step s : steps) {
                if (s != null && s.request != null) {
                    add(s.request, s.name, names);
                }
            }
        }
    }

    private static void add(Request r, String name, Set<String> names) {
        try {
            names.add(of(r, name));
        } catch (RuntimeException e) {
            // a request without path or url, or a broken template: reported by the validator's own rules
        }
    }
}
