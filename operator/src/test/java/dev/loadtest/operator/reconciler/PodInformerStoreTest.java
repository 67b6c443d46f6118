package dev.loadtest.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trimmed pod store is used only where one informer fills it. */
class PodInformerStoreTest {
    @Test
    void allNamespacesOrOneShareTheTrimmedStoreSeveralDoNot() {
        assertThat(LoadTestReconciler.oneInformer(Set.of(Constants.WATCH_ALL_NAMESPACES)))
                .isTrue();
        assertThat(LoadTestReconciler.oneInformer(Set.of(Constants.WATCH_CURRENT_NAMESPACE)))
                .isTrue();
        assertThat(LoadTestReconciler.oneInformer(Set.of("team-a"))).isTrue();
        assertThat(LoadTestReconciler.oneInformer(Set.of("team-a", "team-b")))
                .describedAs("an informer per namespace: each relist would drop the others' pods from a shared store")
                .isFalse();
    }
}
