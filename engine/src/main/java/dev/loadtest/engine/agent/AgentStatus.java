package dev.loadtest.engine.agent;

/**
 * What {@code GET /status} returns.
 *
 * @param startedAtEpochMs when load actually started here (for the start skew), or 0
 */
public record AgentStatus(
        AgentState state, int runnerIndex, int users, long requests, long startedAtEpochMs, String message) {}
