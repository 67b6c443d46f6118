package dev.loadtest.engine.scenario;

import java.util.List;

/**
 * Assigns user N (in the open model: arrival N) to a class so that every prefix of users follows
 * the weights as closely as integers allow (smooth weighted round robin): 10 users at 70/20/10 are exactly 7, 2 and 1, and a
 * runner's share of global user indexes keeps the global mix exact.
 */
final class ClassMix {
    private final int[] sequence;

    ClassMix(List<Integer> weights) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int g = 0;
        for (int w : weights) {
            g = gcd(g, w);
        }
        int period = g == 0 ? 1 : total / g;
        sequence = new int[Math.max(1, period)];
        long[] current = new long[weights.size()];
        for (int i = 0; i < sequence.length; i++) {
            int best = -1;
            for (int c = 0; c < weights.size(); c++) {
                if (weights.get(c) == 0) {
                    continue; // a class of weight 0 gets no users
                }
                current[c] += weights.get(c);
                if (best < 0 || current[c] > current[best]) {
                    best = c;
                }
            }
            current[best] -= total;
            sequence[i] = best;
        }
    }

    int classOf(long n) {
        return sequence[(int) Math.floorMod(n, (long) sequence.length)];
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
