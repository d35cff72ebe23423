package io.openenv4j.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real kube-apiserver with etcd shared by the test classes of one test JVM (fabric8 kube-api-test in offline mode),
 * on loopback only, with the binaries scripts/kube-binaries.sh builds (cached under ~/.cache/openenv4j/kube; the
 * build of openenv4j-kubernetes runs it). Server-side apply, defaulting, validation, scale and watches are the real
 * API server's; no pods run (no scheduler, no kubelet). In the test-jar for openenv4j-it's Kubernetes discovery test.
 */
public final class RealApiServer implements AutoCloseable {

    static final String VERSION = "1.34.4";

    private final KubeAPIServer server;
    /** A client of this API server with full rights (system:masters). */
    public final KubernetesClient client;

    private RealApiServer(KubeAPIServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    private static RealApiServer shared;

    /**
     * The one API server of this test JVM, started on first use and stopped when the JVM exits; skips the calling
     * test when {@code -Dopenenv4j.kube.skip=true}.
     */
    public static synchronized RealApiServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kube-api-test-stop"));
        }
        return shared;
    }

    private static RealApiServer start() {
        assumeFalse(
                Boolean.getBoolean("openenv4j.kube.skip"),
                "Kubernetes tests switched off (-Dopenenv4j.kube.skip=true)");
        Path dir = Path.of(
                System.getProperty("openenv4j.kube.dir", System.getProperty("user.home") + "/.cache/openenv4j/kube"));
        Path binaries = dir.resolve("k8s").resolve(VERSION + "-linux-amd64");
        if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
            throw new IllegalStateException("kube-apiserver is missing at " + binaries
                    + ": scripts/kube-binaries.sh builds it (./test.sh runs it)");
        }
        var server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withTestDir(dir.toString())
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--endpoint-reconciler-type", "none")
                .withStartupTimeout(180_000)
                .build());
        try {
            server.start();
        } catch (RuntimeException e) {
            // A start that gave up leaves etcd and the API server running: stop them.
            server.stop();
            throw e;
        }
        var client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
        return new RealApiServer(server, client);
    }

    /** A kubeconfig (YAML) for this API server, e.g. for a process started with {@code KUBECONFIG}. */
    public String kubeconfig() {
        return server.getKubeConfigYaml();
    }

    /** A fresh namespace, so tests in one class do not see each other's objects. */
    public String namespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
