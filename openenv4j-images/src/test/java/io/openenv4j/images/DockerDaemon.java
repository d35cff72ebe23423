package io.openenv4j.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Docker daemon for the image tests: no bridge, no iptables, its own data and exec roots, socket, pid
 * file and log under the build output (a short directory under /tmp when that path is too long for a Unix
 * socket). {@link #close()} stops it, unmounts what it left and deletes its directories. Started at most once
 * per test JVM ({@link #shared()}); stopped when the JVM's tests end.
 */
final class DockerDaemon implements AutoCloseable {

    /** What one docker command did. */
    record Result(int exit, String out, String err) {
        Result requireSuccess(String what) {
            if (exit != 0) {
                throw new IllegalStateException(
                        what + " failed (exit " + exit + "): " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    private static DockerDaemon shared;

    private final Path root;
    private final Path socket;
    private final Process process;

    private DockerDaemon(Path root, Path socket, Process process) {
        this.root = root;
        this.socket = socket;
        this.process = process;
    }

    /** The daemon of this test JVM, started (and docker installed when missing) on first use. */
    static synchronized DockerDaemon shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(Images.buildDir().resolve("docker"));
            DockerDaemon daemon = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "docker-daemon-stop"));
        }
        return shared;
    }

    static DockerDaemon start(Path dir) throws IOException, InterruptedException {
        Path install = Images.repoRoot().resolve("scripts/images/docker-install.sh");
        Process installing = new ProcessBuilder("bash", install.toString())
                .redirectErrorStream(true)
                .start();
        String installOut = new String(installing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (installing.waitFor() != 0) {
            throw new IllegalStateException("Cannot install Docker Engine for the image tests (skip them with"
                    + " -Dopenenv4j.images.skip=true): " + installOut.strip());
        }
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath();
        // Unix socket paths are limited to 107 bytes, and containerd puts its sockets under the exec root.
        Path runtime =
                root.toString().length() > 40 ? Files.createTempDirectory(Path.of("/tmp"), "oe4j-docker-") : root;
        Path socket = runtime.resolve("docker.sock");
        Path exec = runtime.resolve("exec");
        Path data = root.resolve("data");
        Files.createDirectories(data);
        Files.createDirectories(exec);
        Path log = root.resolve("dockerd.log");
        var command = List.of(
                "dockerd",
                "--bridge=none",
                "--iptables=false",
                "--ip6tables=false",
                "--ip-forward=false",
                "--ip-masq=false",
                "--userland-proxy=false",
                "--storage-driver=overlay2",
                "--data-root",
                data.toString(),
                "--exec-root",
                exec.toString(),
                "--pidfile",
                runtime.resolve("dockerd.pid").toString(),
                "-H",
                "unix://" + socket);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        var daemon = new DockerDaemon(runtime, socket, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!process.isAlive()) {
                daemon.close();
                throw new IllegalStateException("dockerd exited with " + process.exitValue() + " (skip the image tests"
                        + " with -Dopenenv4j.images.skip=true); its log " + log + ":\n" + tail(log));
            }
            if (Files.exists(socket)
                    && daemon.docker("version", "--format", "{{.Server.Version}}")
                                    .exit()
                            == 0) {
                return daemon;
            }
            if (System.nanoTime() > deadline) {
                daemon.close();
                throw new IllegalStateException(
                        "dockerd did not answer within 60 s; its log " + log + ":\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** DOCKER_HOST for clients of this daemon. */
    String host() {
        return "unix://" + socket;
    }

    /** Runs the docker client against this daemon. */
    Result docker(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("docker");
        command.addAll(List.of(args));
        return exec(command, Map.of("DOCKER_HOST", host()), Duration.ofMinutes(5));
    }

    static Result exec(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("docker-out", ".txt");
        Path err = Files.createTempFile("docker-err", ".txt");
        try {
            Process p = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Stops every container, then the daemon; unmounts what it left under its roots and deletes them. */
    @Override
    public synchronized void close() {
        try {
            if (process.isAlive()) {
                Result ids = docker("ps", "-aq");
                if (ids.exit() == 0 && !ids.out().isBlank()) {
                    var rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.out().strip().split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            unmountUnder(root);
            unmountUnder(Images.buildDir().resolve("docker").toAbsolutePath());
            if (!root.startsWith(Images.buildDir().toAbsolutePath())) {
                exec(List.of("rm", "-rf", root.toString()), Map.of(), Duration.ofMinutes(2));
            }
            exec(
                    List.of(
                            "rm",
                            "-rf",
                            Images.buildDir().resolve("docker").resolve("data").toString()),
                    Map.of(),
                    Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unmounts (deepest first) every mount point under {@code dir}: dockerd may leave an nsfs or overlay mount. */
    private static void unmountUnder(Path dir) throws IOException, InterruptedException {
        var mounts = new ArrayList<String>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && (fields[1].equals(dir.toString()) || fields[1].startsWith(dir + "/"))) {
                mounts.add(fields[1].replace("\\040", " "));
            }
        }
        mounts.sort((a, b) -> b.length() - a.length());
        for (String mount : mounts) {
            exec(List.of("umount", "-l", mount), Map.of(), Duration.ofSeconds(30));
        }
    }
}
