package io.openenv4j.cli;

import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code openenv4j place --replica URL ...}: one endpoint in front of several replicas of an environment server,
 * placing each new session on the replica with the most free slots (docs/scale-out.md).
 */
@Command(
        name = "place",
        mixinStandardHelpOptions = true,
        description = "Serve one endpoint in front of several replicas: new sessions go where most slots are free,"
                + " MCP sessions to their owner, draining replicas get none (docs/scale-out.md).")
final class PlaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--kubernetes-service",
            paramLabel = "[NAMESPACE/]NAME",
            description =
                    "Find the replicas from this Service's EndpointSlices (ready endpoints, port named 'http' or the"
                            + " only port), watched; in a pod, from its service account; elsewhere, from the kubeconfig.")
    String kubernetesService;

    @Option(
            names = "--replica",
            paramLabel = "URL",
            description = "A replica's base URL (http://host:port); repeat for each, or give a comma-separated list.",
            split = ",")
    List<String> replicas = new ArrayList<>();

    @Option(names = "--port", description = "Port (default 8000; 0 for any free port).")
    int port = 8000;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--poll-ms", description = "How often each replica's GET /capacity is read, in ms (default 250).")
    long pollMs = 250;

    @Option(
            names = "--reuse-port",
            description = {
                "Bind with SO_REUSEPORT (Linux, native epoll): run several routers"
                        + " on the same --port and the kernel spreads connections among them,",
                "so one endpoint holds more sessions than one process's open-files limit allows (2 sockets per session;"
                        + " docs/scale-out.md)."
            })
    boolean reusePort;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        PlacementConfig config;
        try {
            var uris = replicas.stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(URI::create)
                    .toList();
            config = PlacementConfig.of(uris)
                    .withHost(host)
                    .withPort(port)
                    .withPollInterval(Duration.ofMillis(pollMs))
                    .withToken(tokenFromEnvironment());
        } catch (IllegalArgumentException e) {
            cli.getErr().println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        if (config.replicas().isEmpty() == (kubernetesService == null)) {
            cli.getErr().println("Invalid configuration: give either --replica URL... or --kubernetes-service NAME");
            return 2;
        }
        PlacementRouter router;
        try {
            router = new PlacementRouter(config).reusePort(reusePort).start();
        } catch (java.io.IOException e) {
            cli.getErr().println("Cannot serve: " + e.getMessage());
            return 1;
        }
        AutoCloseable discovery = null;
        if (kubernetesService != null) {
            try {
                discovery = kubernetes(router);
            } catch (RuntimeException e) {
                router.close();
                cli.getErr().println("Cannot watch Service '" + kubernetesService + "': " + e.getMessage());
                return 1;
            }
        }
        AutoCloseable watching = discovery;
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (watching != null) {
                                try {
                                    watching.close();
                                } catch (Exception ignored) {
                                    // stopping anyway
                                }
                            }
                            router.close();
                            stopped.countDown();
                        },
                        "openenv4j-place-shutdown"));
        cli.getOut()
                .println("Placing sessions on " + config.replicas().size() + " replicas at " + router.baseUrl() + " ("
                        + router.freeSessions() + " free slots now). Press Ctrl+C to stop.");
        cli.getOut().flush();
        stopped.await();
        return 0;
    }

    private AutoCloseable kubernetes(PlacementRouter router) {
        var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        int slash = kubernetesService.indexOf('/');
        String namespace = slash < 0 ? client.getNamespace() : kubernetesService.substring(0, slash);
        String name = slash < 0 ? kubernetesService : kubernetesService.substring(slash + 1);
        var watch = new io.openenv4j.kubernetes.EndpointSliceReplicas(
                client, namespace == null ? "default" : namespace, name, "http", router::setReplicas);
        return () -> {
            watch.close();
            client.close();
        };
    }

    /** The replicas' access token for the capacity polls, read as the server reads its own (OPENENV_AUTH_TOKEN[_FILE]). */
    private static String tokenFromEnvironment() {
        return io.openenv4j.server.ServerConfig.fromEnvironment(System.getenv())
                .access()
                .token();
    }
}
