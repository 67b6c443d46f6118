package dev.loadtest.engine.scenario;

import dev.loadtest.engine.stats.StatsCollector;
import java.util.Map;

/** What every user of a run shares: statistics, environment, data files and TLS setting. */
public record RunContext(
        StatsCollector stats, Map<String, String> env, Map<String, DataSet> data, boolean insecureTls) {}
