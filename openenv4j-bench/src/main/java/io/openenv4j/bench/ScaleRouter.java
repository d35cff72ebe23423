package io.openenv4j.bench;

import io.openenv4j.server.placement.PlacementConfig;
import io.openenv4j.server.placement.PlacementRouter;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;

/**
 * The placement router as its own process for the scale bench, so that its CPU time can be read from {@code
 * /proc}: {@code ScaleRouter URL...} routes to those replicas on a free loopback port, prints {@code
 * OPENENV4J-SCALE-ROUTER port=… pid=…} once it listens, and serves until its standard input closes.
 */
public final class ScaleRouter {

    /** The ready line's first word. */
    public static final String READY = "OPENENV4J-SCALE-ROUTER";

    private ScaleRouter() {}

    public static void main(String[] args) throws Exception {
        var replicas = new ArrayList<URI>();
        for (String arg : args) {
            replicas.add(URI.create(arg));
        }
        try (var router = new PlacementRouter(PlacementConfig.of(replicas)).start()) {
            System.out.println(READY + " port=" + router.port() + " pid=" + ProcessHandle.current().pid());
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
