package io.openenv4j.images;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A container started from an image with {@code --network none}, as a Space or provider starts it (its own
 * command, no arguments), and a socat forwarder from a free loopback port into the container's network
 * namespace, to the port 8000 the image listens on. There is no bridge here, so {@code -p 8000:8000} would
 * publish nothing; {@link #close()} removes the container and stops the forwarder.
 */
final class Served implements AutoCloseable {

    final DockerDaemon daemon;
    final String id;
    final long pid;
    final int port;
    private final Process forwarder;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Served(DockerDaemon daemon, String id, long pid, int port, Process forwarder) {
        this.daemon = daemon;
        this.id = id;
        this.pid = pid;
        this.port = port;
        this.forwarder = forwarder;
    }

    /**
     * Starts {@code image} with these environment variables and extra {@code docker run} options, and the
     * command given (none: the image's own).
     */
    static Served start(
            DockerDaemon daemon, String image, Map<String, String> env, List<String> runOptions, String... command)
            throws IOException, InterruptedException {
        var args = new ArrayList<>(List.of("run", "-d", "--network", "none"));
        args.addAll(runOptions);
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.add(image);
        args.addAll(List.of(command));
        String id = daemon.docker(args.toArray(String[]::new))
                .requireSuccess("docker run " + image)
                .out()
                .strip();
        long pid;
        try {
            pid = Long.parseLong(daemon.docker("inspect", "-f", "{{.State.Pid}}", id)
                    .requireSuccess("docker inspect")
                    .out()
                    .strip());
            if (pid <= 0) {
                throw new IllegalStateException("container " + image + " is not running: "
                        + daemon.docker("logs", id).err());
            }
        } catch (RuntimeException e) {
            daemon.docker("rm", "-f", id);
            throw e;
        }
        int port;
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process forwarder = new ProcessBuilder(
                        "socat",
                        "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                        "EXEC:nsenter -t " + pid + " -n socat STDIO TCP\\:127.0.0.1\\:8000")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new Served(daemon, id, pid, port, forwarder);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until /health answers 200, for at most the contract's 30 s; fails with the container's log when it
     * does not (or the container exits first).
     */
    void awaitHealthy(String... headers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health", headers).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is not listening yet
            }
            if (!running()) {
                throw new AssertionError("the container exited: " + logs());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("/health did not answer 200 within 30 s; log: " + logs());
    }

    boolean running() throws IOException, InterruptedException {
        return daemon.docker("inspect", "-f", "{{.State.Running}}", id)
                .out()
                .strip()
                .equals("true");
    }

    String logs() throws IOException, InterruptedException {
        var result = daemon.docker("logs", id);
        return result.out() + result.err();
    }

    /** The container's main process's /proc file, read from the host. */
    String proc(String file) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), file));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        forwarder.destroy();
        if (!forwarder.waitFor(10, TimeUnit.SECONDS)) {
            forwarder.destroyForcibly();
        }
        daemon.docker("rm", "-f", id);
    }
}
