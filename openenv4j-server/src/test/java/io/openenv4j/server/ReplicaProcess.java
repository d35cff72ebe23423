package io.openenv4j.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A replica in its own JVM for the placement tests: a real server process on loopback serving the calculator
 * environment (WebSocket sessions, both MCP flavours), which drains on SIGTERM as {@code openenv4j serve
 * --drain-seconds} does, and can be killed outright.
 */
final class ReplicaProcess implements AutoCloseable {

    private final Process process;
    final String url;

    private ReplicaProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a replica allowing {@code maxSessions}, draining for up to {@code drainSeconds} on SIGTERM. */
    static ReplicaProcess start(int maxSessions, int drainSeconds) throws Exception {
        return start(maxSessions, drainSeconds, 0);
    }

    /** As {@link #start(int, int)}, closing sessions idle for {@code idleMillis} (0 for never). */
    static ReplicaProcess start(int maxSessions, int drainSeconds, long idleMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(
                java,
                "-Xmx96m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ReplicaProcess.class.getName(),
                String.valueOf(maxSessions),
                String.valueOf(drainSeconds),
                String.valueOf(idleMillis)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith("URL ")) {
            process.destroyForcibly();
            throw new IllegalStateException("replica did not start: " + line);
        }
        // Keep reading so the child never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (lines.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // the child went away
            }
        });
        return new ReplicaProcess(process, line.substring(4).trim());
    }

    /** SIGTERM: the replica drains, then stops. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: the replica dies at once, its sockets reset by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean waitForExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static void main(String[] args) throws Exception {
        int max = Integer.parseInt(args[0]);
        int drain = Integer.parseInt(args[1]);
        long idleMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        var config = ServerConfig.ephemeral().withMaxSessions(max);
        if (idleMillis > 0) {
            config = config.withIdleTimeout(Duration.ofMillis(idleMillis));
        }
        var server = EnvServer.create(CalculatorEnvironment.spec(new Lifecycle()), config)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.drain(Duration.ofSeconds(drain));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
        }));
        System.out.println("URL " + server.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
