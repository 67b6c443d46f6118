package dev.loadtest.operator.sizing;

import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.engine.load.ClosedShape;
import dev.loadtest.engine.load.LoadShape;
import dev.loadtest.engine.load.LoadShapes;
import dev.loadtest.engine.load.OpenShape;
import dev.loadtest.engine.run.RunnerShare;

/** Sizes a run: runners = ceil(peak users / usersPerRunner), or an explicit count, never more runners than users. */
public final class RunSizer {
    private RunSizer() {}

    public static RunPlan plan(LoadTestSpec effective, int defaultUsersPerRunner) {
        LoadShape shape = LoadShapes.of(effective.load);
        int peak = shape instanceof ClosedShape c ? c.peakUsers() : ((OpenShape) shape).maxUsers();
        int runners;
        if (effective.runners != null && effective.runners.count != null) {
            runners = effective.runners.count;
        } else {
            int per = effective.runners != null && effective.runners.usersPerRunner != null
                    ? effective.runners.usersPerRunner
                    : defaultUsersPerRunner;
            runners = (int) Math.ceil(peak / (double) per);
        }
        runners = Math.max(1, Math.min(runners, Math.max(1, peak)));
        int[] users = new int[runners];
        for (int i = 0; i < runners; i++) {
            users[i] = new RunnerShare(i, runners).usersOf(peak);
        }
        return new RunPlan(runners, peak, users);
    }
}
