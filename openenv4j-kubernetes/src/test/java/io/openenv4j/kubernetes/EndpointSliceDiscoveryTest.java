package io.openenv4j.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.openenv4j.client.EnvClient;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replica discovery through Kubernetes end to end: a Service without a selector whose EndpointSlices (written here,
 * as the EndpointSlice controller would) point at real servers on 127.0.0.2 and 127.0.0.3 (addresses other than the
 * router's, as pods have); the router follows the watch, and our Java client holds more sessions through the router
 * than one replica allows.
 *
 * <p>The API server refuses loopback addresses in IPv4 and IPv6 slices (a pod never has one), so the slices that
 * point at the local servers have address type FQDN, whose names the API server checks only as DNS names:
 * {@code 127.0.0.2} passes, and the router dials it as written. In a cluster the EndpointSlice controller writes pod
 * IPs into IPv4 slices, which {@link EndpointSliceReplicas} reads the same way (the last test).
 */
class EndpointSliceDiscoveryTest {

    private static RealApiServer kube;

    @BeforeAll
    static void start() {
        kube = RealApiServer.shared();
    }

    private static EndpointSlice slice(String ns, String name, EnvServer server, boolean ready) {
        return slice(ns, name, "FQDN", URI.create(server.baseUrl()).getHost(), server.port(), ready);
    }

    private static EndpointSlice slice(
            String ns, String name, String addressType, String address, int port, boolean ready) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("kubernetes.io/service-name", "echo")
                .endMetadata()
                .withAddressType(addressType)
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withProtocol("TCP")
                .endPort()
                .addNewEndpoint()
                .withAddresses(address)
                .withNewConditions()
                .withReady(ready)
                .endConditions()
                .endEndpoint()
                .build();
    }

    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theRouterFollowsTheServicesEndpointSlicesAndPlacesSessionsOnEveryReadyReplica() throws Exception {
        scenario(kube.client, kube.namespace("discovery"));
    }

    @Test
    void podAddressesInIpv4AndIpv6SlicesBecomeReplicaUrlsAndTheApiServerRefusesLoopbackThere() throws Exception {
        String ns = kube.namespace("addresses");
        var seen = new java.util.concurrent.LinkedBlockingQueue<List<URI>>();
        try (var watch = new EndpointSliceReplicas(kube.client, ns, "echo", "http", seen::add)) {
            assertThat(seen.take()).isEmpty();
            // Documentation addresses (RFC 5737, RFC 3849): read from the watch, never dialled.
            kube.client
                    .resource(slice(ns, "echo-v4", "IPv4", "198.51.100.7", 8000, true))
                    .create();
            kube.client
                    .resource(slice(ns, "echo-v6", "IPv6", "2001:db8::7", 8000, true))
                    .create();
            until(() -> watch.replicas().size() == 2, "both slices seen");
            assertThat(watch.replicas())
                    .containsExactly(URI.create("http://198.51.100.7:8000"), URI.create("http://[2001:db8::7]:8000"));

            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.fabric8.kubernetes.client.KubernetesClientException.class,
                    () -> kube.client
                            .resource(slice(ns, "echo-lo", "IPv4", "127.0.0.1", 8000, true))
                            .create());
            assertThat(refused.getCode()).isEqualTo(422);
            assertThat(refused.getMessage()).contains("loopback");
        }
    }

    /** The scenario, with any client whose namespace {@code ns} exists . */
    static void scenario(io.fabric8.kubernetes.client.KubernetesClient kubeClient, String ns) throws Exception {
        kubeClient
                .services()
                .inNamespace(ns)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("echo")
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("http")
                        .withPort(8000)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        var clients = new ArrayList<EnvClient<Map<String, Object>, Map<String, Object>, Map<String, Object>>>();
        try (var first = EnvServer.create(
                                EchoEnvironment.spec(),
                                ServerConfig.ephemeral().withHost("127.0.0.2").withMaxSessions(2))
                        .start();
                var second = EnvServer.create(
                                EchoEnvironment.spec(),
                                ServerConfig.ephemeral().withHost("127.0.0.3").withMaxSessions(2))
                        .start();
                var router = new PlacementRouter(
                                PlacementConfig.of(List.of()).withPollInterval(java.time.Duration.ofMillis(100)))
                        .start();
                var watch = new EndpointSliceReplicas(kubeClient, ns, "echo", "http", router::setReplicas)) {
            assertThat(watch.replicas()).isEmpty();

            kubeClient.resource(slice(ns, "echo-a", first, true)).create();
            kubeClient.resource(slice(ns, "echo-b", second, true)).create();
            until(() -> router.freeSessions() == 4, "both replicas found and polled");
            assertThat(router.replicas())
                    .containsExactlyInAnyOrder(URI.create(first.baseUrl()), URI.create(second.baseUrl()));

            for (int i = 0; i < 4; i++) {
                var client = EnvClient.generic(router.baseUrl());
                clients.add(client);
                client.reset();
                assertThat(client.state()).containsKey("step_count");
            }
            assertThat(first.activeSessions()).isEqualTo(2);
            assertThat(second.activeSessions()).isEqualTo(2);
            var fifth = EnvClient.generic(router.baseUrl());
            clients.add(fifth);
            try {
                fifth.reset();
                throw new AssertionError("a fifth session got a slot");
            } catch (ServerErrorException e) {
                assertThat(e.getMessage()).contains("4/4");
            }

            // A replica that stops being ready leaves the router's set; its open sessions are not touched.
            kubeClient.resource(slice(ns, "echo-b", second, false)).update();
            until(() -> router.replicas().equals(List.of(URI.create(first.baseUrl()))), "the unready replica left");
            assertThat(second.activeSessions()).isEqualTo(2);
            kubeClient
                    .discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(ns)
                    .withName("echo-a")
                    .delete();
            until(() -> router.replicas().isEmpty(), "a deleted slice's replica left");
        } finally {
            clients.forEach(EnvClient::close);
        }
    }
}
