package dev.loadtest.operator.sizing;

/**
 * How a LoadTest is split: the runner count and each runner's users at peak (they add up exactly to
 * the whole; runner i runs the global users g with g mod runners == i).
 */
public record RunPlan(int runners, int peakUsers, int[] usersPerRunner) {
    public int usersOf(int runner) {
        return usersPerRunner[runner];
    }
}
