package io.openenv4j.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openenv4j.client.provider.EnvProvider;
import io.openenv4j.client.provider.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One environment server on Kubernetes: a Deployment (the server's image, {@code PORT} 8000, readiness and
 * liveness on {@code GET /health}, the session limit in {@code MAX_CONCURRENT_ENVS}, CPU and memory from the
 * {@link Spec}) and a Service in front of it, both created by server-side apply (field manager {@code
 * openenv4j}), scaled through the Deployment's scale subresource, removed on {@link #stop()}. A refusal by the
 * cluster (a name it does not accept, a quota, missing rights) is a {@link ProviderException} quoting the
 * cluster's own message.
 */
public final class KubernetesProvider implements EnvProvider {

    static final String MANAGER = "openenv4j";
    static final int PORT = 8000;

    /**
     * What to run.
     *
     * @param name the Deployment's and Service's name (a DNS label)
     * @param namespace where
     * @param image the server's image (see the images issue: {@code openenv4j serve <env>} images)
     * @param args arguments after the image's entry point, e.g. {@code ["serve", "echo"]}; empty for none
     * @param maxSessions each replica's session limit ({@code MAX_CONCURRENT_ENVS})
     * @param cpu CPU request and limit, e.g. {@code "1"} or {@code "500m"}; {@code null} for none
     * @param memory memory request and limit, e.g. {@code "512Mi"}; {@code null} for none
     * @param drainSeconds how long a replica drains on SIGTERM ({@code --drain-seconds}; the pod's grace period is
     *     this plus 10 s)
     */
    public record Spec(
            String name,
            String namespace,
            String image,
            List<String> args,
            int maxSessions,
            String cpu,
            String memory,
            int drainSeconds) {
        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(image, "image");
            args = List.copyOf(args);
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1");
            }
            if (drainSeconds < 0) {
                throw new IllegalArgumentException("drainSeconds must be at least 0");
            }
        }
    }

    private final KubernetesClient client;
    private final Spec spec;

    public KubernetesProvider(KubernetesClient client, Spec spec) {
        this.client = client;
        this.spec = spec;
    }

    /** The Deployment this provider applies for {@code replicas} replicas. */
    public Deployment deployment(int replicas) {
        Map<String, String> labels = labels();
        var resources = new LinkedHashMap<String, Quantity>();
        if (spec.cpu() != null) {
            resources.put("cpu", new Quantity(spec.cpu()));
        }
        if (spec.memory() != null) {
            resources.put("memory", new Quantity(spec.memory()));
        }
        var args = new java.util.ArrayList<>(spec.args());
        if (spec.drainSeconds() > 0 && !args.isEmpty() && args.getFirst().equals("serve")) {
            args.add("--drain-seconds");
            args.add(String.valueOf(spec.drainSeconds()));
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds((long) spec.drainSeconds() + 10)
                .addNewContainer()
                .withName("server")
                .withImage(spec.image())
                .withArgs(args)
                .addNewEnv()
                .withName("PORT")
                .withValue(String.valueOf(PORT))
                .endEnv()
                .addNewEnv()
                .withName("HOST")
                .withValue("0.0.0.0")
                .endEnv()
                .addNewEnv()
                .withName("MAX_CONCURRENT_ENVS")
                .withValue(String.valueOf(spec.maxSessions()))
                .endEnv()
                .addNewPort()
                .withName("http")
                .withContainerPort(PORT)
                .withProtocol("TCP")
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withPeriodSeconds(5)
                .withFailureThreshold(2)
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withPeriodSeconds(10)
                .withFailureThreshold(3)
                .endLivenessProbe()
                .withNewResources()
                .withRequests(resources)
                .withLimits(resources)
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The Service this provider applies: port 8000 named {@code http} onto the replicas. */
    public Service service() {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(labels())
                .endMetadata()
                .withNewSpec()
                .withSelector(labels())
                .addNewPort()
                .withName("http")
                .withPort(PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    private Map<String, String> labels() {
        return Map.of("app.kubernetes.io/name", spec.name(), "app.kubernetes.io/managed-by", MANAGER);
    }

    @Override
    public void start(int replicas) {
        apply(deployment(replicas));
        apply(service());
    }

    private void apply(HasMetadata resource) {
        try {
            client.resource(resource).fieldManager(MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw refused("apply " + resource.getKind() + " " + spec.namespace() + "/" + spec.name(), e);
        }
    }

    private static ProviderException refused(String what, KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return new ProviderException("Kubernetes refused to " + what + " (HTTP " + e.getCode() + "): " + message, e);
    }

    @Override
    public void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Deployment now;
            try {
                now = client.apps()
                        .deployments()
                        .inNamespace(spec.namespace())
                        .withName(spec.name())
                        .get();
            } catch (KubernetesClientException e) {
                throw refused("read Deployment " + spec.namespace() + "/" + spec.name(), e);
            }
            if (now == null) {
                throw new ProviderException("Deployment " + spec.namespace() + "/" + spec.name() + " does not exist");
            }
            int wanted = now.getSpec().getReplicas() == null ? 1 : now.getSpec().getReplicas();
            var status = now.getStatus();
            int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
            if (ready >= wanted) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ProviderException("Deployment " + spec.namespace() + "/" + spec.name() + ": " + ready + " of "
                        + wanted + " replicas ready after " + within + " (readiness is GET /health on port " + PORT
                        + ")");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The Service's address inside the cluster. */
    @Override
    public URI url() {
        return URI.create("http://" + spec.name() + "." + spec.namespace() + ".svc:" + PORT);
    }

    /** The ready replicas as the Service's EndpointSlices list them now (reachable from inside the cluster). */
    @Override
    public List<URI> replicas() {
        try (var watch = new EndpointSliceReplicas(client, spec.namespace(), spec.name(), "http", ignored -> {})) {
            return watch.replicas();
        }
    }

    @Override
    public void scale(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be at least 0: " + replicas);
        }
        try {
            client.apps()
                    .deployments()
                    .inNamespace(spec.namespace())
                    .withName(spec.name())
                    .scale(replicas);
        } catch (KubernetesClientException e) {
            throw refused("scale Deployment " + spec.namespace() + "/" + spec.name() + " to " + replicas, e);
        }
    }

    /** Deletes the Service and the Deployment (and so its pods) and waits until the API no longer has them. */
    @Override
    public void stop() {
        try {
            client.services()
                    .inNamespace(spec.namespace())
                    .withName(spec.name())
                    .delete();
            client.apps()
                    .deployments()
                    .inNamespace(spec.namespace())
                    .withName(spec.name())
                    .delete();
            client.services()
                    .inNamespace(spec.namespace())
                    .withName(spec.name())
                    .waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
            client.apps()
                    .deployments()
                    .inNamespace(spec.namespace())
                    .withName(spec.name())
                    .waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
        } catch (KubernetesClientException e) {
            throw refused("delete " + spec.namespace() + "/" + spec.name(), e);
        }
    }
}
