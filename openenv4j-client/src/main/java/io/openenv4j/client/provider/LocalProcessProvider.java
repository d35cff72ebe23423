package io.openenv4j.client.provider;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replicas as local processes on loopback: {@code openenv4j serve <env>} or a user's own server jar, anything that
 * serves the protocol on the port given in {@code PORT} (and the address in {@code HOST}), as the reference's
 * containers are configured. Each replica gets a free port on 127.0.0.1; its output goes to a log file.
 *
 * <pre>{@code
 * try (var provider = new LocalProcessProvider(List.of("./openenv4j", "serve", "echo"), Map.of("MAX_CONCURRENT_ENVS", "64"))) {
 *     provider.start(2);
 *     provider.awaitHealthy(Duration.ofSeconds(60));
 *     provider.replicas(); // [http://127.0.0.1:41001, http://127.0.0.1:41002]
 * }
 * }</pre>
 */
public final class LocalProcessProvider implements EnvProvider {

    private final List<String> command;
    private final Map<String, String> environment;
    private final List<Replica> running = new ArrayList<>();

    private record Replica(Process process, URI url, Path log) {}

    /**
     * @param command the server's command line, e.g. {@code ["java", "-jar", "my-env.jar"]}
     * @param environment extra environment variables for every replica ({@code PORT} and {@code HOST} are set here)
     */
    public LocalProcessProvider(List<String> command, Map<String, String> environment) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** {@code java -cp <class path> io.openenv4j.cli.Main serve <env> [args]} with this JVM's {@code java}. */
    public static LocalProcessProvider serve(String classPath, String env, String... args) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "io.openenv4j.cli.Main",
                "serve",
                env));
        command.addAll(List.of(args));
        return new LocalProcessProvider(command, Map.of());
    }

    @Override
    public synchronized void start(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be at least 0: " + replicas);
        }
        scale(replicas);
    }

    @Override
    public synchronized void scale(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be at least 0: " + replicas);
        }
        while (running.size() < replicas) {
            running.add(launch());
        }
        while (running.size() > replicas) {
            end(running.removeLast());
        }
    }

    private Replica launch() {
        try {
            int port = freePort();
            Path log = java.nio.file.Files.createTempFile("openenv4j-replica-" + port + "-", ".log");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment().put("HOST", "127.0.0.1");
            return new Replica(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new ProviderException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Replica replica : snapshot()) {
            while (!healthy(replica)) {
                if (!replica.process.isAlive()) {
                    throw new ProviderException("replica " + replica.url + " exited with " + replica.process.exitValue()
                            + "; its output: " + tail(replica.log));
                }
                if (System.nanoTime() > deadline) {
                    throw new ProviderException("replica " + replica.url + " not healthy within " + within
                            + "; its output: " + tail(replica.log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean healthy(Replica replica) throws InterruptedException {
        return HealthCheck.answers(replica.url);
    }

    private static String tail(Path log) {
        try {
            String text = java.nio.file.Files.readString(log);
            return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private synchronized List<Replica> snapshot() {
        return List.copyOf(running);
    }

    /** The first replica's URL (put {@code openenv4j place} in front of {@link #replicas()} for one URL over all). */
    @Override
    public URI url() {
        var all = snapshot();
        if (all.isEmpty()) {
            throw new IllegalStateException("no replica is running");
        }
        return all.getFirst().url;
    }

    @Override
    public List<URI> replicas() {
        return snapshot().stream().map(Replica::url).toList();
    }

    @Override
    public synchronized void stop() {
        while (!running.isEmpty()) {
            end(running.removeLast());
        }
    }

    /** SIGTERM (the server drains if asked to, then stops), SIGKILL after 30 s. */
    private static void end(Replica replica) {
        replica.process.destroy();
        try {
            if (!replica.process.waitFor(30, TimeUnit.SECONDS)) {
                replica.process.destroyForcibly();
                replica.process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            replica.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
