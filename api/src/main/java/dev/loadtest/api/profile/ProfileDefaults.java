package dev.loadtest.api.profile;

import dev.loadtest.api.model.Load;
import dev.loadtest.api.model.LoadTestSpec;
import dev.loadtest.api.threshold.Threshold;
import dev.loadtest.api.threshold.ThresholdParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a spec's unset fields from its profile. Load shape: if the spec sets any of users, stages,
 * steps or arrivalRate, the profile's shape is dropped (they would contradict each other); rampUp
 * and duration are taken when unset and meaningful. Thresholds: the spec's replace the profile's on
 * the same metric, endpoint and statistic; the profile's others remain.
 */
public final class ProfileDefaults {
    private ProfileDefaults() {}

    /** Applies the profile in place; an unknown or absent profile changes nothing. */
    public static void apply(LoadTestSpec spec) {
        Profile profile = spec.profile == null ? null : Profile.byId(spec.profile);
        if (profile == null) {
            return;
        }
        Load preset = profile.load();
        if (spec.load == null) {
            spec.load = preset;
        } else {
            Load l = spec.load;
            boolean ownShape = l.users != null || l.stages != null || l.steps != null || l.arrivalRate != null;
            if (!ownShape) {
                l.users = preset.users;
                l.steps = preset.steps;
            }
            if (l.stages == null) {
                if (l.duration == null) {
                    l.duration = preset.duration;
                }
                if (l.rampUp == null && l.arrivalRate == null) {
                    l.rampUp = preset.rampUp;
                }
            }
        }
        if (spec.thinkTime == null) {
            spec.thinkTime = profile.thinkTime();
        } else if (spec.thinkTime.constant == null) {
            // field by field: {min: 1s} under smoke keeps the preset's max of 10s
            if (spec.thinkTime.min == null) {
                spec.thinkTime.min = profile.thinkMin;
            }
            if (spec.thinkTime.max == null) {
                spec.thinkTime.max = profile.thinkMax;
            }
        }
        spec.thresholds = mergeThresholds(profile.thresholds, spec.thresholds);
    }

    static List<String> mergeThresholds(List<String> preset, List<String> own) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String t : preset) {
            byKey.put(ThresholdParser.parse(t).key(), t);
        }
        List<String> unparsable = new ArrayList<>();
        if (own != null) {
            for (String t : own) {
                try {
                    Threshold parsed = ThresholdParser.parse(t);
                    byKey.remove(parsed.key());
                    byKey.put(parsed.key(), t);
                } catch (IllegalArgumentException e) {
                    unparsable.add(t); // kept so validation reports it at its own index
                }
            }
        }
        List<String> merged = new ArrayList<>(byKey.values());
        merged.addAll(unparsable);
        return merged;
    }
}
