package dev.loadtest.engine.scenario;

import java.util.HashMap;
import java.util.Map;

/** What a virtual user's templates can see: its variables, its index, its iteration, the run's env and data. */
public final class UserContext {
    final int userIndex;
    final RunContext run;
    long iteration;
    private Map<String, String> variables;

    public UserContext(int userIndex, RunContext run) {
        this.userIndex = userIndex;
        this.run = run;
    }

    public String variable(String name) {
        return variables == null ? null : variables.get(name);
    }

    void setVariable(String name, String value) {
        if (variables == null) {
            variables = new HashMap<>(4);
        }
        variables.put(name, value);
    }

    public int userIndex() {
        return userIndex;
    }
}
