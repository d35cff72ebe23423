package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.openenv4j.kubernetes.RealApiServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out through Kubernetes discovery: the unmodified reference client (both versions) against one URL, {@code
 * openenv4j place --kubernetes-service NAMESPACE/echo}, which finds its replicas only by watching the Service's
 * EndpointSlices in a real kube-apiserver (openenv4j-kubernetes's RealApiServer; the process reads it from {@code
 * KUBECONFIG}). The replicas are two {@code openenv4j serve} processes allowing 3 sessions each, on 127.0.0.2 and
 * 127.0.0.3 with one port, as two pods of a Deployment would be. The slice first lists one replica, then both (a
 * scale-up the router follows from the watch); the client then holds 6 sessions, twice what one replica allows, and
 * the 7th gets {@code CAPACITY_REACHED} as from one full server.
 *
 * <p>The API server refuses loopback addresses in IPv4 slices (a pod never has one), so the slice has address type
 * FQDN, whose names are checked only as DNS names: {@code 127.0.0.2} passes and the router dials it as written.
 * Skipped with {@code -Dopenenv4j.kube.skip=true} or {@code -Dopenenv4j.interop.skip=true}.
 */
class KubernetesDiscoveryInteropTest {

    private static final List<ServeProcess> processes = new ArrayList<>();
    /** The router, in front of both replicas once start() returns. */
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        PythonReference.assumeAvailable(); // skips with -Dopenenv4j.interop.skip=true
        RealApiServer kube = RealApiServer.shared();
        String ns = kube.namespace("scale-out");
        kube.client
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

        URI first = URI.create(ScaleOutInteropTest.start(
                processes,
                Map.of(),
                "Serving",
                "serve",
                "echo",
                "--host",
                "127.0.0.2",
                "--port",
                "0",
                "--max-sessions",
                "3"));
        URI second = URI.create(ScaleOutInteropTest.start(
                processes,
                Map.of(),
                "Serving",
                "serve",
                "echo",
                "--host",
                "127.0.0.3",
                "--port",
                String.valueOf(first.getPort()),
                "--max-sessions",
                "3"));
        assertThat(second.getPort()).isEqualTo(first.getPort());

        Path kubeconfig = Files.createTempFile("openenv4j-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, kube.kubeconfig());
        url = ScaleOutInteropTest.start(
                processes,
                Map.of("KUBECONFIG", kubeconfig.toString()),
                "Placing",
                "place",
                "--port",
                "0",
                "--poll-ms",
                "100",
                "--kubernetes-service",
                ns + "/echo");
        ScaleOutInteropTest.awaitFreeSessions(url, 0);

        kube.client.resource(slice(ns, first.getPort(), "127.0.0.2")).serverSideApply();
        ScaleOutInteropTest.awaitFreeSessions(url, 3);
        kube.client
                .resource(slice(ns, first.getPort(), "127.0.0.2", "127.0.0.3"))
                .serverSideApply();
        ScaleOutInteropTest.awaitFreeSessions(url, 6);
    }

    /** The Service's one slice, as the EndpointSlice controller keeps it for ready pods (here: named by address). */
    private static EndpointSlice slice(String ns, int port, String... addresses) {
        var slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("echo-replicas")
                .withNamespace(ns)
                .addToLabels("kubernetes.io/service-name", "echo")
                .endMetadata()
                .withAddressType("FQDN")
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withProtocol("TCP")
                .endPort();
        for (String address : addresses) {
            slice.addNewEndpoint()
                    .withAddresses(address)
                    .withNewConditions()
                    .withReady(true)
                    .endConditions()
                    .endEndpoint();
        }
        return slice.build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServeProcess process : processes) {
            process.close();
        }
    }

    @Test
    void theReferenceClientHoldsTwiceWhatOneReplicaAllowsThroughTheRouterThatWatchesKubernetes() throws Exception {
        PythonReference.assumeAvailable();
        var seen = ScaleOutInteropTest.hold(PythonReference.python(), ScaleOutInteropTest.awaitFreeSessions(url, 6), 7);
        ScaleOutInteropTest.assertSixHeldAndTheSeventhRefused(seen);
    }

    @Test
    void theNewestReferenceClientHoldsTwiceWhatOneReplicaAllowsThroughTheRouterThatWatchesKubernetes()
            throws Exception {
        PythonReference.assumeNewestAvailable();
        var seen = ScaleOutInteropTest.hold(
                PythonReference.newestPython(), ScaleOutInteropTest.awaitFreeSessions(url, 6), 7);
        ScaleOutInteropTest.assertSixHeldAndTheSeventhRefused(seen);
    }
}
