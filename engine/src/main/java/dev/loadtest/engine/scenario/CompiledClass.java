package dev.loadtest.engine.scenario;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A user class: setup steps, weighted tasks, think time. */
public final class CompiledClass {
    final String name;
    final int weight;
    final List<CompiledStep> onStart;
    final List<CompiledTask> tasks;
    final ThinkTimes thinkTime;
    private final int[] cumulative;
    private final int totalWeight;

    CompiledClass(String name, int weight, List<CompiledStep> onStart, List<CompiledTask> tasks, ThinkTimes thinkTime) {
        this.name = name;
        this.weight = weight;
        this.onStart = onStart;
        this.tasks = tasks;
        this.thinkTime = thinkTime;
        this.cumulative = new int[tasks.size()];
        int sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).weight();
            cumulative[i] = sum;
        }
        this.totalWeight = sum;
    }

    public String name() {
        return name;
    }

    /** A task picked at random by weight, as Locust does. */
    CompiledTask pickTask() {
        if (tasks.size() == 1) {
            return tasks.get(0);
        }
        int r = ThreadLocalRandom.current().nextInt(totalWeight);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return tasks.get(i);
            }
        }
        return tasks.get(tasks.size() - 1);
    }
}
