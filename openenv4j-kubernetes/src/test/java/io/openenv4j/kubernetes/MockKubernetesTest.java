package io.openenv4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fast checks on fabric8's mock API server (CRUD mode: no defaulting, no validation, no server-side apply
 * semantics): the discovery scenario and the objects the provider builds. The real API server runs the same
 * and more in EndpointSliceDiscoveryTest, KubernetesProviderTest and DeployManifestsTest.
 */
@EnableKubernetesMockClient(crud = true)
class MockKubernetesTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void theRouterFollowsEndpointSlicesOnTheMockServer() throws Exception {
        EndpointSliceDiscoveryTest.scenario(client, "test");
    }

    @Test
    void theProviderBuildsADeploymentWithProbesOnHealthAndAServiceOnPort8000() {
        var provider = new KubernetesProvider(client, new KubernetesProvider.Spec("echo", "test", "openenv4j/openenv4j:0.1.0",
                List.of("serve", "echo"), 8, null, "256Mi", 0));
        var deployment = provider.deployment(3);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(container.getArgs()).as("no drain asked").containsExactly("serve", "echo");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(provider.service().getSpec().getPorts().getFirst().getPort()).isEqualTo(8000);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    }
}
