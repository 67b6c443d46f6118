package dev.loadtest.operator;

import dev.loadtest.api.model.LoadTestSpec;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@Group("loadtest.dev")
@Version("v1alpha1")
@ShortNames("lt")
public class LoadTestResource extends CustomResource<LoadTestSpec, java.util.Map<String, Object>> implements Namespaced {}
