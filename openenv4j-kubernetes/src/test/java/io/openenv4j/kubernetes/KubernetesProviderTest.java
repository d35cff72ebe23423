package io.openenv4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.openenv4j.client.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes provider against a real kube-apiserver with etcd (no pods run there). */
class KubernetesProviderTest {

    private static RealApiServer kube;

    @BeforeAll
    static void start() {
        kube = RealApiServer.shared();
    }

    private static KubernetesProvider provider(String namespace, String name) {
        return new KubernetesProvider(
                kube.client,
                new KubernetesProvider.Spec(
                        name, namespace, "openenv4j/echo:0.1.0", List.of("serve", "echo"), 64, "500m", "512Mi", 30));
    }

    private static Deployment deployment(String namespace, String name) {
        return kube.client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    @Test
    void startAppliesADeploymentWithHealthProbesResourcesAndASessionLimitAndAServiceOnPort8000() {
        String ns = kube.namespace("start");
        provider(ns, "echo").start(2);

        Deployment applied = deployment(ns, "echo");
        assertThat(applied.getSpec().getReplicas()).isEqualTo(2);
        var pod = applied.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("openenv4j/echo:0.1.0");
        assertThat(container.getArgs()).containsExactly("serve", "echo", "--drain-seconds", "30");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
        assertThat(container.getResources().getRequests().get("memory").toString())
                .isEqualTo("512Mi");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("MAX_CONCURRENT_ENVS");
            assertThat(env.getValue()).isEqualTo("64");
        });
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("longer than the drain")
                .isEqualTo(40L);
        assertThat(applied.getSpec().getStrategy().getType())
                .as("defaulted by the real API server")
                .isEqualTo("RollingUpdate");
        assertThat(applied.getMetadata().getManagedFields())
                .anySatisfy(field -> assertThat(field.getManager()).isEqualTo(KubernetesProvider.MANAGER));

        var service = kube.client.services().inNamespace(ns).withName("echo").get();
        assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8000);
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "echo");
        assertThat(service.getSpec().getClusterIP())
                .as("allocated by the API server")
                .isNotBlank();
        assertThat(provider(ns, "echo").url().toString()).isEqualTo("http://echo." + ns + ".svc:8000");
    }

    @Test
    void startingTwiceIsIdempotentAndScaleChangesTheReplicas() {
        String ns = kube.namespace("scale");
        var provider = provider(ns, "echo");
        provider.start(1);
        provider.start(1);
        provider.scale(5);

        assertThat(deployment(ns, "echo").getSpec().getReplicas()).isEqualTo(5);
        assertThat(kube.client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("echo")
                        .scale()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(5);
    }

    @Test
    void stopRemovesTheDeploymentAndTheService() {
        String ns = kube.namespace("teardown");
        var provider = provider(ns, "echo");
        provider.start(1);
        provider.stop();

        assertThat(deployment(ns, "echo")).isNull();
        assertThat(kube.client.services().inNamespace(ns).withName("echo").get())
                .isNull();
        provider.stop(); // idempotent
    }

    @Test
    void aNameTheClusterRefusesIsAClearErrorQuotingTheCluster() {
        String ns = kube.namespace("refused");
        assertThatThrownBy(() -> provider(ns, "Not_A_DNS_Label").start(1))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("Kubernetes refused to apply Deployment refused/Not_A_DNS_Label (HTTP 422)")
                .hasMessageContaining("a lowercase RFC 1123");
        assertThatThrownBy(() -> provider("no-such-namespace", "echo").scale(2))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void aClientWithoutRightsGetsAClearErrorNamingWhatItMayNotDo() {
        String ns = kube.namespace("rights");
        // A service account with no role: the API server authenticates its token and RBAC refuses everything.
        kube.client
                .serviceAccounts()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("nobody")
                        .endMetadata()
                        .build())
                .create();
        String token = kube.client
                .serviceAccounts()
                .inNamespace(ns)
                .withName("nobody")
                .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(kube.client.getConfiguration())
                .withClientCertData(null)
                .withClientKeyData(null)
                .withClientCertFile(null)
                .withClientKeyFile(null)
                .withOauthToken(token)
                .build();
        try (var nobody = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(config)
                .build()) {
            var provider = new KubernetesProvider(
                    nobody,
                    new KubernetesProvider.Spec(
                            "echo", ns, "openenv4j/echo:0.1.0", List.of("serve", "echo"), 64, null, null, 0));
            assertThatThrownBy(() -> provider.start(1))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("Kubernetes refused to apply Deployment rights/echo (HTTP 403)")
                    .hasMessageContaining("system:serviceaccount:rights:nobody");
            assertThatThrownBy(() -> provider.scale(3))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("HTTP 403");
        }
        assertThat(deployment(ns, "echo")).as("nothing was created").isNull();
    }

    @Test
    void awaitHealthyReturnsOnceTheDeploymentReportsEveryReplicaReadyAndOtherwiseSaysHowManyAre() throws Exception {
        String ns = kube.namespace("health");
        var provider = provider(ns, "echo");
        provider.start(2);

        assertThatThrownBy(() -> provider.awaitHealthy(Duration.ofMillis(300)))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("0 of 2 replicas ready");

        // No kubelet runs here: write the status a Deployment controller would, through the status subresource.
        Deployment current = deployment(ns, "echo");
        current.setStatus(new DeploymentStatusBuilder()
                .withReplicas(2)
                .withReadyReplicas(2)
                .withAvailableReplicas(2)
                .build());
        kube.client.apps().deployments().inNamespace(ns).resource(current).updateStatus();
        provider.awaitHealthy(Duration.ofSeconds(30));
    }
}
