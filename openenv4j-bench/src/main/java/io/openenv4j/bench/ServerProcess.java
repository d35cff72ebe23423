package io.openenv4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process under test (OpenEnv4j's {@link BenchServer} or the Python reference), started by the
 * driver and ended by {@link #close()}. Reads the process's own accounting from {@code /proc}: CPU time
 * (user + system, all threads, including ones that have exited), resident memory and thread count.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux everywhere that matters). */
    private static final long TICK_NANOS = 10_000_000L;

    final String name;
    final Process process;
    /** The sessions' port: OpenEnv4j's bench environment declared NON_BLOCKING (or blocking, see below). */
    final int wsPort;
    /** The same environment declared BLOCKING (its calls on virtual threads); the reference's only port. */
    final int blockingPort;

    final int tcpPort;
    final int adminPort;
    final Path log;

    private ServerProcess(
            String name, Process process, int wsPort, int blockingPort, int tcpPort, int adminPort, Path log) {
        this.name = name;
        this.process = process;
        this.wsPort = wsPort;
        this.blockingPort = blockingPort;
        this.tcpPort = tcpPort;
        this.adminPort = adminPort;
        this.log = log;
    }

    /** The command prefix that pins a process to {@code cpus} ("1", "0-1"), or nothing when taskset is missing. */
    static List<String> pin(String cpus) {
        if (cpus == null || cpus.isBlank() || !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            return List.of();
        }
        return List.of("/usr/bin/taskset", "-c", cpus);
    }

    /**
     * Starts OpenEnv4j's bench server in a new JVM with this JVM's class path; with {@code blockingOnly} its
     * {@link #wsPort} is the blocking environment's too (for the event-loop carriers, which serve virtual threads).
     */
    static ServerProcess startJava(
            String name, String cpus, List<String> jvmOptions, int maxSessions, boolean blockingOnly) throws Exception {
        var command = new ArrayList<>(pin(cpus));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BenchServer.class.getName(),
                "--max-sessions",
                String.valueOf(maxSessions)));
        Path log = Files.createTempFile("openenv4j-bench-server", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(log.toFile()).start();
        String line = awaitReadyLine(process, BenchServer.READY, log, "the OpenEnv4j bench server");
        var ports = new java.util.HashMap<String, Integer>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0 && !word.startsWith("pid")) {
                ports.put(word.substring(0, eq), Integer.parseInt(word.substring(eq + 1)));
            }
        }
        int blocking = ports.get("wsb");
        return new ServerProcess(
                name,
                process,
                blockingOnly ? blocking : ports.get("ws"),
                blocking,
                ports.get("tcp"),
                ports.get("admin"),
                log);
    }

    /**
     * Starts a placement router ({@link ScaleRouter}) in a new JVM with this JVM's class path, in front of
     * {@code replicas}; its {@link #wsPort} is the router's port.
     */
    static ServerProcess startRouter(String cpus, List<String> jvmOptions, List<URI> replicas) throws Exception {
        return startRouter(cpus, jvmOptions, replicas, List.of());
    }

    /** As {@link #startRouter(String, List, List)} with the router's own options ({@code --port P --reuse-port}). */
    static ServerProcess startRouter(
            String cpus, List<String> jvmOptions, List<URI> replicas, List<String> routerOptions) throws Exception {
        var command = new ArrayList<>(pin(cpus));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleRouter.class.getName()));
        command.addAll(routerOptions);
        replicas.forEach(uri -> command.add(uri.toString()));
        Path log = Files.createTempFile("openenv4j-bench-router", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(log.toFile()).start();
        String line = awaitReadyLine(process, ScaleRouter.READY, log, "the placement router");
        int port = Integer.parseInt(line.split(" ")[1].substring("port=".length()));
        return new ServerProcess("router", process, port, port, -1, -2, log);
    }

    /**
     * Starts a proxy that is not ours ({@code command}, e.g. HAProxy in the foreground) listening on {@code port};
     * ready when that port accepts connections.
     */
    static ServerProcess startProxy(String name, String cpus, List<String> command, int port) throws Exception {
        var full = new ArrayList<>(pin(cpus));
        full.addAll(command);
        Path log = Files.createTempFile("openenv4j-bench-" + name, ".log");
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return new ServerProcess(name, process, port, port, -1, -1, log);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not listen on " + port + " in 30 s: " + Files.readString(log));
    }

    /**
     * The first line of {@code process}'s standard output that starts with {@code ready}, within 60 s (the
     * rest of its output is read and dropped); when none comes the process is killed and this throws with its log.
     */
    static String awaitReadyLine(Process process, String ready, Path log, String what) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var found = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith(ready)) {
                        found.complete(line);
                    }
                }
                found.completeExceptionally(new IllegalStateException(what + " exited"));
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
        });
        try {
            return found.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not start: " + Files.readString(log), e);
        }
    }

    /** Starts the Python reference's bench server ({@code ref_bench_server.py}); ready when it answers /health. */
    static ServerProcess startReference(String cpus, Path python, Path script, int maxSessions) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var command = new ArrayList<>(pin(cpus));
        command.addAll(List.of(
                python.toString(),
                script.toString(),
                "--port",
                String.valueOf(port),
                "--host",
                "127.0.0.1",
                "--max-sessions",
                String.valueOf(maxSessions)));
        Path log = Files.createTempFile("openenv4j-bench-reference", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new ServerProcess("reference", process, port, port, -1, -1, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the reference server exited: " + Files.readString(log));
            }
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException(
                "the reference server did not answer /health in 90 s: " + Files.readString(log));
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU time of the whole process so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() {
        return cpuNanos(pid(), name);
    }

    /** User + system CPU time of all threads of process {@code pid}, from {@code /proc/<pid>/stat}. */
    static long cpuNanos(long pid, String name) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "(comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of " + name + " (pid " + pid + ")", e);
        }
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        return statusField("VmRSS:") * 1024;
    }

    /** Live OS threads. */
    long threads() {
        return statusField("Threads:");
    }

    private long statusField(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid() + "/status", e);
        }
        throw new IllegalStateException(key + " missing from /proc/" + pid() + "/status");
    }

    /** Heap in use after full collections (OpenEnv4j only; -1 for the reference, which has no such heap). */
    long heapAfterGc() {
        if (adminPort < 0) {
            // -1: the reference; -2: the router
            return -1;
        }
        try {
            String body = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/heap"))
                                    .timeout(Duration.ofSeconds(60))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            var node = io.openenv4j.wire.WireJson.parse(body);
            return node.path("heap_used").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("the admin route of the bench server failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (adminPort == -1) {
                process.destroy();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
