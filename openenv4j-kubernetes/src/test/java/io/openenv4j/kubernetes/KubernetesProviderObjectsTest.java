package io.openenv4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The objects the provider applies, built without a cluster (fast). fabric8's mock API server is not used: it runs
 * on Vert.x 4, which cannot share a class path with this project's Vert.x 5. The real API server checks the same
 * objects and more in KubernetesProviderTest.
 */
class KubernetesProviderObjectsTest {

    @Test
    void aDeploymentWithProbesOnHealthLimitsAsAskedAndNoDrainUnlessAskedAndAServiceOnPort8000() {
        try (var client = new KubernetesClientBuilder().build()) {
            var provider = new KubernetesProvider(
                    client,
                    new KubernetesProvider.Spec(
                            "echo",
                            "test",
                            "openenv4j/openenv4j:0.1.0",
                            List.of("serve", "echo"),
                            8,
                            null,
                            "256Mi",
                            0));
            var deployment = provider.deployment(3);
            var container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
            assertThat(container.getArgs()).as("no drain asked").containsExactly("serve", "echo");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
            assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
            assertThat(container.getResources().getRequests())
                    .isEqualTo(container.getResources().getLimits());
            assertThat(provider.service().getSpec().getPorts().getFirst().getPort())
                    .isEqualTo(8000);
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
            assertThat(provider.url().toString()).isEqualTo("http://echo.test.svc:8000");
        }
    }
}
