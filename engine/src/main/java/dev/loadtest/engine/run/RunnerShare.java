package dev.loadtest.engine.run;

/**
 * Runner {@code index} of {@code count}: it runs the global users whose index g has g mod count ==
 * index, so the runners' users always add up exactly to the whole at every moment of a ramp, and
 * global user indexes (class mix, data rows) mean the same as in a single process. In the open model
 * it likewise starts the global arrivals j with j mod count == index, at their global times.
 */
public record RunnerShare(int index, int count) {
    public static final RunnerShare WHOLE = new RunnerShare(0, 1);

    public RunnerShare {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("runner " + index + " of " + count);
        }
    }

    /** How many of the first {@code users} global users are this runner's. */
    public int usersOf(int users) {
        return users > index ? (users - index + count - 1) / count : 0;
    }

    /** The global index of this runner's k-th user. */
    public int globalUser(int localIndex) {
        return localIndex * count + index;
    }

    /** The global arrival (open model) this runner starts as its k-th: runners interleave. */
    public long globalArrival(long localIndex) {
        return localIndex * count + index;
    }
}
