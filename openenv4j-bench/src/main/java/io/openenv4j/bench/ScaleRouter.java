package io.openenv4j.bench;

import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;

/**
 * The placement router as its own process for the scale bench, so that its CPU time can be read from {@code
 * /proc}: {@code ScaleRouter [--port P] [--reuse-port] URL...} routes to those replicas on loopback (a free port unless given), prints {@code
 * OPENENV4J-SCALE-ROUTER port=… pid=…} once it listens, and serves until its standard input closes.
 */
public final class ScaleRouter {

    /** The ready line's first word. */
    public static final String READY = "OPENENV4J-SCALE-ROUTER";

    private ScaleRouter() {}

    public static void main(String[] args) throws Exception {
        var replicas = new ArrayList<URI>();
        int port = 0;
        boolean reusePort = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--reuse-port" -> reusePort = true;
                default -> replicas.add(URI.create(args[i]));
            }
        }
        try (var router = new PlacementRouter(PlacementConfig.of(replicas).withPort(port))
                .reusePort(reusePort)
                .start()) {
            System.out.println(READY + " port=" + router.port() + " pid="
                    + ProcessHandle.current().pid());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // the driver never writes; end of input means it is gone
                }
            } catch (IOException e) {
                // same
            }
        }
        System.exit(0);
    }
}
