package dev.loadtest.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadtest.operator.sim.TestConfig;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Final merges of different LoadTests take turns: two of 1,000 runners would not fit the heap. */
class RunnerClientFinalMergeTest {
    /** A runner client whose fan-out only records how many merges are pulling at once. */
    private static final class Counting extends RunnerClient {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        Counting() {
            super(new TestConfig(), null);
        }

        @Override
        public <T> List<T> forAll(List<Pod> pods, Function<Pod, T> call) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return List.of();
        }
    }

    @Test
    void finalMergesOfTwoLoadTestsDoNotOverlapButLiveLooksDo() throws Exception {
        Counting runners = new Counting();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            Thread.ofVirtual().start(() -> {
                runners.pullMerged(List.of(), 1_790_000_000_000L, 1000);
                done.countDown();
            });
        }
        done.await();
        assertThat(runners.most.get()).isEqualTo(1);

        runners.most.set(0);
        CountDownLatch live = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().start(() -> {
                runners.pullMerged(List.of(), false);
                live.countDown();
            });
        }
        live.await();
        assertThat(runners.most.get())
                .describedAs("live looks hold no merge of the whole run")
                .isEqualTo(2);
    }
}
