package dev.loadtest.operator.serialization;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A pod's spec read from JSON only when something asks for it: until then it holds the JSON tree.
 *
 * <p>Why: the first pod the operator reads (an operator restarted beside a run's runner pods, or a
 * failed run's pods kept for their logs) made Jackson build the deserializers of the whole PodSpec
 * model (containers, volumes, probes, affinity: a few hundred classes introspected), 200-270 ms of
 * a one-core start-up, while the runner pod cache keeps only container names and one variable of
 * runner 0, which it reads from the tree ({@link #unread}). Anything else that reads the spec gets
 * it whole: every getter and setter fills this object from the tree first, with the real PodSpec
 * deserializer, and it is then a plain PodSpec. Written out, it is written as a PodSpec.
 *
 * <p>A test checks that every public method of PodSpec is overridden here and fills the spec first,
 * so a newer Fabric8 model with a new field cannot hand out an empty value. Only a Pod's own spec is
 * read so ({@link LazyPodSpecDeserializer}): a Deployment's template is read at once.
 */
@JsonSerialize(as = PodSpec.class)
public final class LazyPodSpec extends PodSpec {
    private transient volatile JsonNode tree;
    private transient ObjectCodec codec;
    private transient boolean filling;

    LazyPodSpec(JsonNode tree, ObjectCodec codec) {
        this.tree = tree;
        this.codec = codec;
    }

    /** For Jackson (a copy read back as this class, e.g. a clone): a plain, filled PodSpec. */
    @SuppressWarnings("unused")
    private LazyPodSpec() {}

    /** Java serialization writes the whole spec as a plain PodSpec (the tree is not serializable). */
    @java.io.Serial
    private Object writeReplace() {
        inflate();
        return new PodSpecBuilder(this).build();
    }

    /**
     * The spec's JSON if nothing has read this spec yet (its getters have not been called), else
     * empty. Read-only: it is the spec as it arrived.
     */
    public static java.util.Optional<JsonNode> unread(PodSpec spec) {
        return spec instanceof LazyPodSpec lazy ? java.util.Optional.ofNullable(lazy.tree) : java.util.Optional.empty();
    }

    /** Fills the fields from the tree, once; the setters the deserializer calls meanwhile go straight through. */
    private void inflate() {
        if (tree == null) {
            return;
        }
        synchronized (this) {
            JsonNode json = tree;
            if (json == null || filling) {
                return;
            }
            filling = true;
            try {
                // read as a root value, which the lazy deserializer hands to the whole one
                ObjectReader reader = codec instanceof ObjectMapper m
                        ? m.readerFor(PodSpec.class)
                        : ((ObjectReader) codec).forType(PodSpec.class);
                reader.withValueToUpdate(this).readValue(json);
            } catch (IOException e) {
                throw new UncheckedIOException("a pod's spec could not be read: " + e.getMessage(), e);
            } finally {
                filling = false;
            }
            codec = null;
            tree = null;
        }
    }

    @Override
    public PodSpecBuilder edit() {
        inflate();
        return super.edit();
    }

    @Override
    public PodSpecBuilder toBuilder() {
        inflate();
        return super.toBuilder();
    }

    @Override
    public String toString() {
        inflate();
        return super.toString();
    }

    @Override
    public boolean equals(Object o) {
        inflate();
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        inflate();
        return super.hashCode();
    }

    @Override
    public Long getActiveDeadlineSeconds() {
        inflate();
        return super.getActiveDeadlineSeconds();
    }

    @Override
    public void setActiveDeadlineSeconds(Long value) {
        inflate();
        super.setActiveDeadlineSeconds(value);
    }

    @Override
    public Affinity getAffinity() {
        inflate();
        return super.getAffinity();
    }

    @Override
    public void setAffinity(Affinity value) {
        inflate();
        super.setAffinity(value);
    }

    @Override
    public Boolean getAutomountServiceAccountToken() {
        inflate();
        return super.getAutomountServiceAccountToken();
    }

    @Override
    public void setAutomountServiceAccountToken(Boolean value) {
        inflate();
        super.setAutomountServiceAccountToken(value);
    }

    @Override
    public List<Container> getContainers() {
        inflate();
        return super.getContainers();
    }

    @Override
    public void setContainers(List<Container> value) {
        inflate();
        super.setContainers(value);
    }

    @Override
    public PodDNSConfig getDnsConfig() {
        inflate();
        return super.getDnsConfig();
    }

    @Override
    public void setDnsConfig(PodDNSConfig value) {
        inflate();
        super.setDnsConfig(value);
    }

    @Override
    public String getDnsPolicy() {
        inflate();
        return super.getDnsPolicy();
    }

    @Override
    public void setDnsPolicy(String value) {
        inflate();
        super.setDnsPolicy(value);
    }

    @Override
    public Boolean getEnableServiceLinks() {
        inflate();
        return super.getEnableServiceLinks();
    }

    @Override
    public void setEnableServiceLinks(Boolean value) {
        inflate();
        super.setEnableServiceLinks(value);
    }

    @Override
    public List<EphemeralContainer> getEphemeralContainers() {
        inflate();
        return super.getEphemeralContainers();
    }

    @Override
    public void setEphemeralContainers(List<EphemeralContainer> value) {
        inflate();
        super.setEphemeralContainers(value);
    }

    @Override
    public List<HostAlias> getHostAliases() {
        inflate();
        return super.getHostAliases();
    }

    @Override
    public void setHostAliases(List<HostAlias> value) {
        inflate();
        super.setHostAliases(value);
    }

    @Override
    public Boolean getHostIPC() {
        inflate();
        return super.getHostIPC();
    }

    @Override
    public void setHostIPC(Boolean value) {
        inflate();
        super.setHostIPC(value);
    }

    @Override
    public Boolean getHostNetwork() {
        inflate();
        return super.getHostNetwork();
    }

    @Override
    public void setHostNetwork(Boolean value) {
        inflate();
        super.setHostNetwork(value);
    }

    @Override
    public Boolean getHostPID() {
        inflate();
        return super.getHostPID();
    }

    @Override
    public void setHostPID(Boolean value) {
        inflate();
        super.setHostPID(value);
    }

    @Override
    public Boolean getHostUsers() {
        inflate();
        return super.getHostUsers();
    }

    @Override
    public void setHostUsers(Boolean value) {
        inflate();
        super.setHostUsers(value);
    }

    @Override
    public String getHostname() {
        inflate();
        return super.getHostname();
    }

    @Override
    public void setHostname(String value) {
        inflate();
        super.setHostname(value);
    }

    @Override
    public String getHostnameOverride() {
        inflate();
        return super.getHostnameOverride();
    }

    @Override
    public void setHostnameOverride(String value) {
        inflate();
        super.setHostnameOverride(value);
    }

    @Override
    public List<LocalObjectReference> getImagePullSecrets() {
        inflate();
        return super.getImagePullSecrets();
    }

    @Override
    public void setImagePullSecrets(List<LocalObjectReference> value) {
        inflate();
        super.setImagePullSecrets(value);
    }

    @Override
    public List<Container> getInitContainers() {
        inflate();
        return super.getInitContainers();
    }

    @Override
    public void setInitContainers(List<Container> value) {
        inflate();
        super.setInitContainers(value);
    }

    @Override
    public String getNodeName() {
        inflate();
        return super.getNodeName();
    }

    @Override
    public void setNodeName(String value) {
        inflate();
        super.setNodeName(value);
    }

    @Override
    public Map<String, String> getNodeSelector() {
        inflate();
        return super.getNodeSelector();
    }

    @Override
    public void setNodeSelector(Map<String, String> value) {
        inflate();
        super.setNodeSelector(value);
    }

    @Override
    public PodOS getOs() {
        inflate();
        return super.getOs();
    }

    @Override
    public void setOs(PodOS value) {
        inflate();
        super.setOs(value);
    }

    @Override
    public Map<String, Quantity> getOverhead() {
        inflate();
        return super.getOverhead();
    }

    @Override
    public void setOverhead(Map<String, Quantity> value) {
        inflate();
        super.setOverhead(value);
    }

    @Override
    public String getPreemptionPolicy() {
        inflate();
        return super.getPreemptionPolicy();
    }

    @Override
    public void setPreemptionPolicy(String value) {
        inflate();
        super.setPreemptionPolicy(value);
    }

    @Override
    public Integer getPriority() {
        inflate();
        return super.getPriority();
    }

    @Override
    public void setPriority(Integer value) {
        inflate();
        super.setPriority(value);
    }

    @Override
    public String getPriorityClassName() {
        inflate();
        return super.getPriorityClassName();
    }

    @Override
    public void setPriorityClassName(String value) {
        inflate();
        super.setPriorityClassName(value);
    }

    @Override
    public List<PodReadinessGate> getReadinessGates() {
        inflate();
        return super.getReadinessGates();
    }

    @Override
    public void setReadinessGates(List<PodReadinessGate> value) {
        inflate();
        super.setReadinessGates(value);
    }

    @Override
    public List<PodResourceClaim> getResourceClaims() {
        inflate();
        return super.getResourceClaims();
    }

    @Override
    public void setResourceClaims(List<PodResourceClaim> value) {
        inflate();
        super.setResourceClaims(value);
    }

    @Override
    public ResourceRequirements getResources() {
        inflate();
        return super.getResources();
    }

    @Override
    public void setResources(ResourceRequirements value) {
        inflate();
        super.setResources(value);
    }

    @Override
    public String getRestartPolicy() {
        inflate();
        return super.getRestartPolicy();
    }

    @Override
    public void setRestartPolicy(String value) {
        inflate();
        super.setRestartPolicy(value);
    }

    @Override
    public String getRuntimeClassName() {
        inflate();
        return super.getRuntimeClassName();
    }

    @Override
    public void setRuntimeClassName(String value) {
        inflate();
        super.setRuntimeClassName(value);
    }

    @Override
    public String getSchedulerName() {
        inflate();
        return super.getSchedulerName();
    }

    @Override
    public void setSchedulerName(String value) {
        inflate();
        super.setSchedulerName(value);
    }

    @Override
    public List<PodSchedulingGate> getSchedulingGates() {
        inflate();
        return super.getSchedulingGates();
    }

    @Override
    public void setSchedulingGates(List<PodSchedulingGate> value) {
        inflate();
        super.setSchedulingGates(value);
    }

    @Override
    public PodSecurityContext getSecurityContext() {
        inflate();
        return super.getSecurityContext();
    }

    @Override
    public void setSecurityContext(PodSecurityContext value) {
        inflate();
        super.setSecurityContext(value);
    }

    @Override
    public String getServiceAccount() {
        inflate();
        return super.getServiceAccount();
    }

    @Override
    public void setServiceAccount(String value) {
        inflate();
        super.setServiceAccount(value);
    }

    @Override
    public String getServiceAccountName() {
        inflate();
        return super.getServiceAccountName();
    }

    @Override
    public void setServiceAccountName(String value) {
        inflate();
        super.setServiceAccountName(value);
    }

    @Override
    public Boolean getSetHostnameAsFQDN() {
        inflate();
        return super.getSetHostnameAsFQDN();
    }

    @Override
    public void setSetHostnameAsFQDN(Boolean value) {
        inflate();
        super.setSetHostnameAsFQDN(value);
    }

    @Override
    public Boolean getShareProcessNamespace() {
        inflate();
        return super.getShareProcessNamespace();
    }

    @Override
    public void setShareProcessNamespace(Boolean value) {
        inflate();
        super.setShareProcessNamespace(value);
    }

    @Override
    public String getSubdomain() {
        inflate();
        return super.getSubdomain();
    }

    @Override
    public void setSubdomain(String value) {
        inflate();
        super.setSubdomain(value);
    }

    @Override
    public Long getTerminationGracePeriodSeconds() {
        inflate();
        return super.getTerminationGracePeriodSeconds();
    }

    @Override
    public void setTerminationGracePeriodSeconds(Long value) {
        inflate();
        super.setTerminationGracePeriodSeconds(value);
    }

    @Override
    public List<Toleration> getTolerations() {
        inflate();
        return super.getTolerations();
    }

    @Override
    public void setTolerations(List<Toleration> value) {
        inflate();
        super.setTolerations(value);
    }

    @Override
    public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
        inflate();
        return super.getTopologySpreadConstraints();
    }

    @Override
    public void setTopologySpreadConstraints(List<TopologySpreadConstraint> value) {
        inflate();
        super.setTopologySpreadConstraints(value);
    }

    @Override
    public List<Volume> getVolumes() {
        inflate();
        return super.getVolumes();
    }

    @Override
    public void setVolumes(List<Volume> value) {
        inflate();
        super.setVolumes(value);
    }

    @Override
    public Map<String, Object> getAdditionalProperties() {
        inflate();
        return super.getAdditionalProperties();
    }

    @Override
    public void setAdditionalProperty(String name, Object value) {
        inflate();
        super.setAdditionalProperty(name, value);
    }

    @Override
    public void setAdditionalProperties(Map<String, Object> value) {
        inflate();
        super.setAdditionalProperties(value);
    }
}
