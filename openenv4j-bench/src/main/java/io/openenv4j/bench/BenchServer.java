package io.openenv4j.bench;

import com.sun.net.httpserver.HttpServer;
import io.openenv4j.core.Execution;
import io.openenv4j.envs.bench.BenchEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The server side of a bench run, as its own process: the bench environment on OpenEnv4j's server (twice:
 * declared NON_BLOCKING on {@code ws}, BLOCKING on {@code wsb}), the raw
 * TCP floor responder, and an admin route that reports the heap after a full collection. Prints one line,
 * {@code OPENENV4J-BENCH-SERVER ws=… tcp=… admin=… pid=…}, once everything listens, then serves until its
 * standard input closes or it is killed. CPU time is read by the driver from {@code /proc/<pid>/stat}, the
 * same accounting as for the Python reference.
 */
public final class BenchServer {

    /** The ready line's first word. */
    public static final String READY = "OPENENV4J-BENCH-SERVER";

    private BenchServer() {}

    /** Arguments: {@code [--host H] [--max-sessions N]}; ports are chosen freely. */
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int maxSessions = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--max-sessions" -> maxSessions = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(serve(host, maxSessions));
    }

    /** Serves until standard input closes; returns the exit code. */
    public static int serve(String host, int maxSessions) throws Exception {
        var config = ServerConfig.defaults()
                .withHost(host)
                .withPort(0)
                .withMaxSessions(maxSessions)
                .withShutdownGrace(Duration.ofSeconds(5));
        // The bench environment sleeps when a step asks for a delay, so it is BLOCKING as declared. The driver
        // asks for delays only on the blocking port (capacity); on "ws" every step is pure memory work, which
        // is what NON_BLOCKING promises (a step that broke the promise would be moved off the event loop).
        var spec = BenchEnvironment.spec(BenchEnvironment.Settings.immediate());
        try (var server = EnvServer.create(spec.withExecution(Execution.NON_BLOCKING), config)
                        .start();
                var blocking = EnvServer.create(spec, config).start();
                var floor = new FloorServer(host, 0)) {
            HttpServer admin = admin(host);
            System.out.println(READY + " ws=" + server.port() + " wsb=" + blocking.port() + " tcp=" + floor.port()
                    + " admin=" + admin.getAddress().getPort() + " pid="
                    + ProcessHandle.current().pid());
            System.out.flush();
            var stdinClosed = new CountDownLatch(1);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the driver never writes; end of input means it is gone
                    }
                } catch (IOException e) {
                    // same
                }
                stdinClosed.countDown();
            });
            stdinClosed.await();
            admin.stop(0);
        }
        return 0;
    }

    private static HttpServer admin(String host) throws IOException {
        HttpServer admin = HttpServer.create(new InetSocketAddress(host, 0), 16);
        admin.createContext("/heap", exchange -> {
            byte[] body = heapJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        admin.setExecutor(null);
        admin.start();
        return admin;
    }

    /** Heap in use after full collections, and the live thread count. */
    static String heapJson() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return "{\"heap_used\":" + used + ",\"threads\":"
                + ManagementFactory.getThreadMXBean().getThreadCount() + "}";
    }
}
