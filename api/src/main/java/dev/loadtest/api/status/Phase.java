package dev.loadtest.api.status;

/**
 * Where a LoadTest is. Terminal phases keep apart what CI must tell apart: thresholds passed or
 * failed, stopped early (by a user or an abort rule), an infrastructure error, an invalid spec.
 */
public enum Phase {
    Pending,
    Queued,
    Starting,
    Running,
    Stopping,
    Passed,
    Failed,
    Aborted,
    Error,
    Invalid;

    public boolean terminal() {
        return this == Passed || this == Failed || this == Aborted || this == Error || this == Invalid;
    }

    public boolean active() {
        return this == Starting || this == Running || this == Stopping;
    }
}
