package dev.loadtest.engine.load;

import dev.loadtest.api.model.Load;
import dev.loadtest.api.model.Stage;
import dev.loadtest.api.units.Durations;
import java.util.ArrayList;
import java.util.List;

/** Builds the shape of an effective (profile-applied, validated) load section. */
public final class LoadShapes {
    private LoadShapes() {}

    public static LoadShape of(Load load) {
        if (load.arrivalRate != null) {
            double per = load.arrivalRate.per == null
                    ? 1.0
                    : Durations.parse(load.arrivalRate.per).toNanos() / 1e9;
            return new OpenShape(load.arrivalRate.rate / per, nanos(load.duration), load.maxUsers);
        }
        List<ClosedShape.Segment> segments = new ArrayList<>();
        if (load.stages != null) {
            int from = 0;
            for (Stage s : load.stages) {
                segments.add(new ClosedShape.Segment(nanos(s.duration), from, s.users));
                from = s.users;
            }
            return new ClosedShape(segments);
        }
        long total = nanos(load.duration);
        long ramp = load.rampUp == null ? 0 : nanos(load.rampUp);
        if (load.steps != null) {
            List<Integer> levels = new ArrayList<>();
            for (int u = load.steps.from; u < load.steps.to; u += load.steps.step) {
                levels.add(u);
            }
            levels.add(load.steps.to);
            if (ramp > 0) {
                segments.add(new ClosedShape.Segment(ramp, 0, levels.get(0)));
            }
            long hold = (total - ramp) / levels.size();
            int previous = levels.get(0);
            for (int i = 0; i < levels.size(); i++) {
                int level = levels.get(i);
                if (level != previous) {
                    segments.add(new ClosedShape.Segment(0, previous, level));
                }
                long length = i == levels.size() - 1 ? total - ramp - hold * (levels.size() - 1) : hold;
                segments.add(new ClosedShape.Segment(length, level, level));
                previous = level;
            }
            return new ClosedShape(segments);
        }
        if (ramp > 0) {
            segments.add(new ClosedShape.Segment(ramp, 0, load.users));
        }
        if (total > ramp) {
            segments.add(new ClosedShape.Segment(total - ramp, load.users, load.users));
        }
        return new ClosedShape(segments);
    }

    private static long nanos(String duration) {
        return Durations.parse(duration).toNanos();
    }
}
