package dev.loadtest.operator;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

public class LoadTestReconciler implements Reconciler<LoadTestResource> {
    @Override
    public UpdateControl<LoadTestResource> reconcile(LoadTestResource resource, Context<LoadTestResource> context) {
        return UpdateControl.noUpdate();
    }
}
