package io.openenv4j.it;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.ServerSocket;
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
import tools.jackson.databind.JsonNode;

/**
 * The Python reference from PyPI: starts its servers and runs its clients as processes. The build makes two
 * virtual environments: {@code target/pyref} ({@code openenv-core} 0.3.0, property {@code openenv4j.python}) and
 * {@code target/pyref-openenv} (the newest {@code openenv}, property {@code openenv4j.python.openenv}); the interop
 * matrix runs the suites a second time with {@code openenv4j.python} pointing at the newest one.
 */
final class PythonReference {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PythonReference() {}

    /** Skips the calling test when interop is switched off for this build. */
    static void assumeAvailable() {
        assumeFalse(
                Boolean.getBoolean("openenv4j.interop.skip"),
                "interop tests switched off (-Dopenenv4j.interop.skip=true)");
        if (!Files.isExecutable(python())) {
            throw new IllegalStateException("the Python reference is missing at " + python()
                    + ": the build creates it (openenv4j-it/scripts/pyref-venv.sh)");
        }
    }

    static Path python() {
        return Path.of(System.getProperty("openenv4j.python", "target/pyref/bin/python"));
    }

    /** The newest reference's interpreter, for tests of what only {@code openenv} 0.4 and later do. */
    static Path newestPython() {
        return Path.of(System.getProperty("openenv4j.python.openenv", "target/pyref-openenv/bin/python"));
    }

    /** Like {@link #assumeAvailable()}, for tests that run the newest reference. */
    static void assumeNewestAvailable() {
        assumeFalse(
                Boolean.getBoolean("openenv4j.interop.skip"),
                "interop tests switched off (-Dopenenv4j.interop.skip=true)");
        if (!Files.isExecutable(newestPython())) {
            throw new IllegalStateException("the newest Python reference is missing at " + newestPython()
                    + ": the build creates it (openenv4j-it/scripts/pyref-venv.sh)");
        }
    }

    static Path script(String name) {
        return Path.of(System.getProperty("openenv4j.pysrc", "src/test/python")).resolve(name);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** A reference server ({@code ref_echo_server.py}, …) on a free loopback port, ready when returned. */
    static Server startServer(String script, String... args) throws Exception {
        int port = freePort();
        var command = new ArrayList<>(List.of(
                python().toString(), script(script).toString(), "--port", String.valueOf(port), "--host", "127.0.0.1"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("pyref-" + script, ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new Server(process, "http://127.0.0.1:" + port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(script + " exited: " + Files.readString(log));
            }
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException(script + " did not become healthy in 90 s: " + Files.readString(log));
    }

    /** Runs {@code client_driver.py} (the unmodified reference clients) and returns its transcript. */
    static JsonNode drive(String url, String scenario, String... extra) throws Exception {
        var command = new ArrayList<>(List.of(
                python().toString(),
                script("client_driver.py").toString(),
                "--url",
                url,
                "--scenario",
                scenario,
                "--timeout",
                "20"));
        command.addAll(List.of(extra));
        Result result = run(command, 180);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "client_driver " + scenario + " failed (" + result.exitCode() + "): " + result.output());
        }
        return WireJson.parse(result.output());
    }

    /** Runs a command, returning its exit code and standard output (standard error goes to a log). */
    static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Path err = Files.createTempFile("pyref-cmd", ".err");
        Process process =
                new ProcessBuilder(command).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    record Result(int exitCode, String output, String error) {}

    /** A running reference server; closing it ends the process. */
    record Server(Process process, String url, Path log) implements AutoCloseable {
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
