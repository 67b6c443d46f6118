package dev.loadtest.operator.reconciler;

import dev.loadtest.operator.crd.LoadTestResource;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hears of LoadTests created and deleted (JOSDK tells every event source that is {@link
 * ResourceEventAware}), so what the operator keeps in memory per LoadTest can go with it. No
 * finalizer: deleting a LoadTest never waits for the operator. It triggers no reconcile.
 */
final class Deletions extends AbstractEventSource<LoadTestResource, LoadTestResource>
        implements ResourceEventAware<LoadTestResource> {
    private final Consumer<LoadTestResource> created;
    private final Consumer<LoadTestResource> deleted;

    Deletions(Consumer<LoadTestResource> created, Consumer<LoadTestResource> deleted) {
        super(LoadTestResource.class, "loadtest-deletions");
        this.created = created;
        this.deleted = deleted;
    }

    @Override
    public Set<LoadTestResource> getSecondaryResources(LoadTestResource primary) {
        return Set.of();
    }

    @Override
    public void onResourceCreated(LoadTestResource lt) {
        created.accept(lt);
    }

    @Override
    public void onResourceDeleted(LoadTestResource lt) {
        deleted.accept(lt);
    }
}
