package dev.loadtest.operator.helm;

import static dev.loadtest.operator.helm.OperatorRbacTest.Where.CLUSTER;
import static dev.loadtest.operator.helm.OperatorRbacTest.Where.LOADTEST_NAMESPACES;
import static dev.loadtest.operator.helm.OperatorRbacTest.Where.TARGET_NAMESPACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rights the chart binds to the operator's service account, against every Kubernetes API call
 * the operator makes at runtime ({@link #REQUIRED}), for the main combinations of values: each call
 * is allowed where it is made, and nothing is granted that no call needs. There is no API server
 * here: without this, a missing verb would only show in production.
 */
class OperatorRbacTest {
    private static final Path CHART = Path.of("../helm/loadtest-operator");
    private static final String RELEASE = "lt";
    private static final String RELEASE_NAMESPACE = "loadtest";
    /** A namespace named by no value: rights there exist only through a ClusterRoleBinding. */
    private static final String ANY = null;

    /** Where the operator makes a call. */
    enum Where {
        /** In each namespace of watchNamespaces, or in all namespaces when it is empty. */
        LOADTEST_NAMESPACES,
        /** In each namespace of targetNamespaces, or in any namespace when it is empty. */
        TARGET_NAMESPACES,
        /** On a cluster-scoped resource. */
        CLUSTER
    }

    /** The values a render used; what the operator needs follows from them. */
    record Values(
            List<String> watchNamespaces,
            List<String> targetNamespaces,
            boolean targetWatch,
            boolean prometheusSecrets,
            String runnerAccess) {
        static Values defaults() {
            return new Values(List.of(), List.of(), true, true, "direct");
        }

        Values watch(String... namespaces) {
            return new Values(List.of(namespaces), targetNamespaces, targetWatch, prometheusSecrets, runnerAccess);
        }

        Values targets(String... namespaces) {
            return new Values(watchNamespaces, List.of(namespaces), targetWatch, prometheusSecrets, runnerAccess);
        }

        Values withoutTargetWatch() {
            return new Values(watchNamespaces, targetNamespaces, false, prometheusSecrets, runnerAccess);
        }

        Values withoutPrometheusSecrets() {
            return new Values(watchNamespaces, targetNamespaces, targetWatch, false, runnerAccess);
        }

        Values apiProxy() {
            return new Values(watchNamespaces, targetNamespaces, targetWatch, prometheusSecrets, "api-proxy");
        }

        Map<String, Object> sets() {
            Map<String, Object> sets = new LinkedHashMap<>();
            for (int i = 0; i < watchNamespaces.size(); i++) {
                sets.put("watchNamespaces[" + i + "]", watchNamespaces.get(i));
            }
            for (int i = 0; i < targetNamespaces.size(); i++) {
                sets.put("targetNamespaces[" + i + "]", targetNamespaces.get(i));
            }
            sets.put("targetWatch.enabled", targetWatch);
            sets.put("targetWatch.prometheusSecrets", prometheusSecrets);
            sets.put("runnerAccess", runnerAccess);
            return sets;
        }

        /** The namespaces a right is needed in ({@link #ANY}: all of them, a cluster-wide grant). */
        List<String> namespaces(Where where) {
            List<String> named = switch (where) {
                case LOADTEST_NAMESPACES -> watchNamespaces;
                case TARGET_NAMESPACES -> targetNamespaces;
                case CLUSTER -> List.of();
            };
            return named.isEmpty() ? Arrays.asList(ANY) : named;
        }
    }

    /** One call: (apiGroup, resource[/subresource], verb), where, on which name if only one, when. */
    record Need(
            String group,
            String resource,
            String verb,
            Where where,
            String resourceName,
            Predicate<Values> when,
            String neededBy) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb + " in " + where
                    + (resourceName == null ? "" : " (" + resourceName + ")") + ", for " + neededBy;
        }
    }

    private static final Predicate<Values> ALWAYS = v -> true;
    private static final Predicate<Values> API_PROXY = v -> v.runnerAccess().equals("api-proxy");
    private static final Predicate<Values> TARGET_WATCH = Values::targetWatch;
    private static final Predicate<Values> PROMETHEUS_SECRETS = v -> v.targetWatch() && v.prometheusSecrets();

    private static Need need(String group, String resource, String verb, Where where, String neededBy) {
        return new Need(group, resource, verb, where, null, ALWAYS, neededBy);
    }

    private static Need need(
            String group, String resource, String verb, Where where, Predicate<Values> when, String neededBy) {
        return new Need(group, resource, verb, where, null, when, neededBy);
    }

    /** Every Kubernetes API call the operator makes at runtime, each with the code that makes it. */
    static final List<Need> REQUIRED = List.of(
            need("loadtest.dev", "loadtests", "list", LOADTEST_NAMESPACES, "the JOSDK informer on LoadTests"),
            need("loadtest.dev", "loadtests", "watch", LOADTEST_NAMESPACES, "the JOSDK informer on LoadTests"),
            need("loadtest.dev", "loadtests", "delete", LOADTEST_NAMESPACES, "RunRelease.expire (ttl passed)"),
            need(
                    "loadtest.dev",
                    "loadtests/status",
                    "patch",
                    LOADTEST_NAMESPACES,
                    "LoadTestReconciler: UpdateControl/ErrorStatusUpdateControl.patchStatus, writeStatus"
                            + " (server-side apply, or JSON patch where SSA is off)"),
            need(
                    "loadtest.dev",
                    "loadtests/finalizers",
                    "update",
                    LOADTEST_NAMESPACES,
                    "RunnerPods.desired: ownerReference blockOwnerDeletion=true"
                            + " (OwnerReferencesPermissionEnforcement admission, e.g. OpenShift)"),
            need("", "pods", "list", LOADTEST_NAMESPACES, "the runner pod InformerEventSource (LoadTestReconciler)"),
            need("", "pods", "watch", LOADTEST_NAMESPACES, "the runner pod InformerEventSource (LoadTestReconciler)"),
            need("", "pods", "create", LOADTEST_NAMESPACES, "Admission.admit: runner pods"),
            need("", "pods", "get", LOADTEST_NAMESPACES, "Admission.admit: whose is a runner pod that exists (409)"),
            need("", "pods", "delete", LOADTEST_NAMESPACES, "RunRelease.release: runner pods a kept run never ran"),
            need(
                    "",
                    "pods",
                    "deletecollection",
                    LOADTEST_NAMESPACES,
                    "RunRelease.release: all of a run's runner pods, one call by label"),
            need("", "pods/proxy", "get", LOADTEST_NAMESPACES, API_PROXY, "RunnerClient.proxied: GET"),
            need("", "pods/proxy", "create", LOADTEST_NAMESPACES, API_PROXY, "RunnerClient.proxied: POST"),
            need("", "configmaps", "create", LOADTEST_NAMESPACES, "OwnedConfigMap.write (results, target store)"),
            need("", "configmaps", "get", LOADTEST_NAMESPACES, "OwnedConfigMap.read, and write's update on 409"),
            need("", "configmaps", "update", LOADTEST_NAMESPACES, "OwnedConfigMap.write: createOr(update) on 409"),
            need("", "events", "create", LOADTEST_NAMESPACES, "Events.emit: core/v1 Events, one per transition"),
            need("", "secrets", "get", LOADTEST_NAMESPACES, PROMETHEUS_SECRETS, "PrometheusSampler.secret"),
            need(
                    "autoscaling",
                    "horizontalpodautoscalers",
                    "get",
                    TARGET_NAMESPACES,
                    TARGET_WATCH,
                    "TargetWatcher.hpa (autoscaling/v2)"),
            need("", "pods", "list", TARGET_NAMESPACES, TARGET_WATCH, "TargetWatcher.pods (podSelector)"),
            need("metrics.k8s.io", "pods", "list", TARGET_NAMESPACES, TARGET_WATCH, "TargetWatcher.usage (top)"));
    // Not needed, hence not granted: leases (leader election: QOSDK starts it only when a
    // LeaderElectionConfiguration bean exists, and there is none; one replica), events.k8s.io (Events
    // uses core/v1), configmaps delete (owner GC).

    /** Granted though no call needs them: no more than list and patch above already give. */
    static final List<Need> TOLERATED = List.of(
            need("loadtest.dev", "loadtests", "get", LOADTEST_NAMESPACES, "reading one: list already reads all"),
            need("loadtest.dev", "loadtests/status", "get", LOADTEST_NAMESPACES, "list already reads status"),
            need("loadtest.dev", "loadtests/status", "update", LOADTEST_NAMESPACES, "patch already writes status"));

    static Stream<Values> combinations() {
        return Stream.of(
                Values.defaults(),
                Values.defaults().watch("team-a", "team-b"),
                Values.defaults().targets("shop", "payments"),
                Values.defaults().watch("team-a").targets("shop"),
                Values.defaults().apiProxy(),
                Values.defaults().watch("team-a", "team-b").apiProxy(),
                Values.defaults().withoutPrometheusSecrets(),
                Values.defaults().withoutTargetWatch(),
                Values.defaults().watch("team-a").withoutTargetWatch());
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void everyCallIsAllowedWhereItIsMade(Values values) {
        List<HasMetadata> objects = Serialization.unmarshal(render(values));
        assertThat(missing(values, objects)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void nothingIsGrantedThatNoCallNeeds(Values values) {
        List<HasMetadata> objects = Serialization.unmarshal(render(values));
        assertThat(surplus(values, objects)).isEmpty();
    }

    /** The check itself: each needed right, taken out of the rendered roles, is reported missing. */
    @Test
    void aRightTakenOutIsReportedMissing() {
        for (Values values : List.of(
                Values.defaults(),
                Values.defaults().watch("team-a").targets("shop").apiProxy())) {
            String rendered = render(values);
            assertThat(missing(values, Serialization.unmarshal(rendered))).isEmpty();
            for (Need need :
                    REQUIRED.stream().filter(n -> n.when().test(values)).toList()) {
                List<HasMetadata> objects = Serialization.unmarshal(rendered);
                rules(objects).forEach(r -> {
                    if (r.getApiGroups().contains(need.group())
                            && r.getResources().contains(need.resource())) {
                        r.setVerbs(r.getVerbs().stream()
                                .filter(v -> !v.equals(need.verb()))
                                .toList());
                    }
                });
                assertThat(missing(values, objects))
                        .describedAs("%s taken out", need)
                        .anySatisfy(m -> assertThat(m).contains(need.toString()));
            }
        }
    }

    /** The check itself: a right no call needs (a lease, a wildcard) is reported. */
    @Test
    void aRightNoCallNeedsIsReported() {
        Values values = Values.defaults();
        List<HasMetadata> objects = Serialization.unmarshal(render(values));
        ClusterRole main = clusterRole(objects, RELEASE);
        main.getRules()
                .add(new PolicyRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "create", "update")
                        .build());
        main.getRules()
                .add(new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets")
                        .withVerbs("*")
                        .build());
        assertThat(surplus(values, objects))
                .anySatisfy(s -> assertThat(s).startsWith("coordination.k8s.io leases update"))
                .anySatisfy(s -> assertThat(s).startsWith("core secrets *"));
    }

    private static String render(Values values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE);
        values.sets().forEach(template::set);
        return template.call();
    }

    /** One (group, resource, verb) bound to the operator: in a namespace, or everywhere ({@link #ANY}). */
    record Grant(String group, String resource, String verb, String namespace, List<String> resourceNames) {
        boolean allows(Need need, String ns) {
            return (group.equals(need.group()) || group.equals("*"))
                    && (resource.equals(need.resource()) || resource.equals("*"))
                    && (verb.equals(need.verb()) || verb.equals("*"))
                    && (namespace == ANY || (ns != ANY && need.where() != CLUSTER && namespace.equals(ns)))
                    && (resourceNames.isEmpty() || resourceNames.contains(need.resourceName()));
        }

        /** Whether this grant is no wider than {@code need} in {@code ns} calls for. */
        boolean within(Need need, String ns) {
            return group.equals(need.group())
                    && resource.equals(need.resource())
                    && verb.equals(need.verb())
                    && (ns == ANY || (namespace != ANY && namespace.equals(ns)))
                    && (need.resourceName() == null
                            || (!resourceNames.isEmpty()
                                    && resourceNames.stream().allMatch(need.resourceName()::equals)));
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb + " in "
                    + (namespace == ANY ? "all namespaces" : namespace)
                    + (resourceNames.isEmpty() ? "" : " " + resourceNames);
        }
    }

    /** What is needed for {@code values} and not granted. */
    static List<String> missing(Values values, List<HasMetadata> objects) {
        List<Grant> grants = grants(objects);
        List<String> missing = new ArrayList<>();
        for (Need need : REQUIRED) {
            if (!need.when().test(values)) {
                continue;
            }
            for (String ns : values.namespaces(need.where())) {
                if (grants.stream().noneMatch(g -> g.allows(need, ns))) {
                    missing.add(need + " not granted in " + (ns == ANY ? "all namespaces" : ns));
                }
            }
        }
        return missing;
    }

    /** What is granted for {@code values} that no call needs there. */
    static List<String> surplus(Values values, List<HasMetadata> objects) {
        List<String> surplus = new ArrayList<>();
        for (Grant g : grants(objects)) {
            boolean needed = Stream.concat(REQUIRED.stream(), TOLERATED.stream())
                    .filter(n -> n.when().test(values))
                    .anyMatch(n -> values.namespaces(n.where()).stream().anyMatch(ns -> g.within(n, ns)));
            if (!needed) {
                surplus.add(g + " is needed by no call");
            }
        }
        return surplus;
    }

    /** Every (group, resource, verb) of every role bound to the operator's service account. */
    static List<Grant> grants(List<HasMetadata> objects) {
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata o : objects) {
            List<Subject> subjects;
            RoleRef ref;
            String ns;
            if (o instanceof ClusterRoleBinding b) {
                subjects = b.getSubjects();
                ref = b.getRoleRef();
                ns = ANY;
            } else if (o instanceof RoleBinding b) {
                subjects = b.getSubjects();
                ref = b.getRoleRef();
                ns = b.getMetadata().getNamespace();
                assertThat(ns)
                        .describedAs("RoleBinding %s", b.getMetadata().getName())
                        .isNotNull();
            } else {
                continue;
            }
            if (subjects.stream().noneMatch(OperatorRbacTest::isOperator)) {
                continue;
            }
            List<PolicyRule> rules = ref.getKind().equals("ClusterRole")
                    ? clusterRole(objects, ref.getName()).getRules()
                    : role(objects, ref.getName(), ns).getRules();
            for (PolicyRule r : rules) {
                assertThat(r.getNonResourceURLs())
                        .describedAs("non-resource URLs")
                        .isNullOrEmpty();
                for (String group : r.getApiGroups()) {
                    for (String resource : r.getResources()) {
                        for (String verb : r.getVerbs()) {
                            grants.add(new Grant(
                                    group,
                                    resource,
                                    verb,
                                    ns,
                                    r.getResourceNames() == null ? List.of() : r.getResourceNames()));
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static boolean isOperator(Subject s) {
        return s.getKind().equals("ServiceAccount")
                && s.getName().equals(RELEASE)
                && RELEASE_NAMESPACE.equals(s.getNamespace());
    }

    private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
        return objects.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ClusterRole " + name + " rendered"));
    }

    private static Role role(List<HasMetadata> objects, String name, String namespace) {
        return objects.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .filter(r -> r.getMetadata().getName().equals(name)
                        && namespace.equals(r.getMetadata().getNamespace()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + name + " rendered"));
    }

    private static Stream<PolicyRule> rules(List<HasMetadata> objects) {
        return objects.stream().flatMap(o -> {
            if (o instanceof ClusterRole r) {
                return r.getRules().stream();
            }
            if (o instanceof Role r) {
                return r.getRules().stream();
            }
            return Stream.empty();
        });
    }
}
