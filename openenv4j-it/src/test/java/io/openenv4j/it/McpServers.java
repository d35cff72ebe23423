package io.openenv4j.it;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.openenv4j.mcp.client.McpEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The third-party MCP servers of the interop tests: the npm reference servers the build installs under
 * {@code target/mcp-servers} ({@code scripts/mcp-servers.sh}), and a server written with the {@code mcp}
 * Python SDK from the interop venv ({@code src/test/python/mcp_tool_server.py}).
 */
final class McpServers {

    /** The versions pinned by {@code scripts/mcp-servers.sh}. */
    static final String NPM_VERSION = "2026.8.31";

    private McpServers() {}

    /** Skips the calling test when interop is switched off; fails it when the servers are missing. */
    static void assumeAvailable() {
        assumeFalse(
                Boolean.getBoolean("openenv4j.interop.skip"),
                "interop tests switched off (-Dopenenv4j.interop.skip=true)");
        if (!Files.exists(bin("mcp-server-everything"))) {
            throw new IllegalStateException("the npm MCP servers are missing at " + dir()
                    + ": the build installs them (openenv4j-it/scripts/mcp-servers.sh)");
        }
    }

    static Path dir() {
        return Path.of(System.getProperty("openenv4j.mcpservers", "target/mcp-servers"))
                .toAbsolutePath();
    }

    static Path bin(String name) {
        return dir().resolve("node_modules/.bin").resolve(name);
    }

    /** {@code @modelcontextprotocol/server-everything} over stdio, started with node. */
    static McpEndpoint.Stdio everything() {
        return McpEndpoint.stdio("node", bin("mcp-server-everything").toString(), "stdio");
    }

    /** The same server started through {@code npx} (npm, a shell and node: a tree of processes). */
    static McpEndpoint.Stdio everythingThroughNpx() {
        return McpEndpoint.stdio("npx", "--offline", "mcp-server-everything", "stdio")
                .withDirectory(dir());
    }

    /** {@code @modelcontextprotocol/server-filesystem} over stdio, allowed to touch {@code root} only. */
    static McpEndpoint.Stdio filesystem(Path root) {
        return McpEndpoint.stdio("node", bin("mcp-server-filesystem").toString(), root.toString());
    }

    /** server-everything in its Streamable HTTP mode ({@code /mcp}) on a free loopback port. */
    static Running everythingOverHttp() throws Exception {
        int port = PythonReference.freePort();
        var command = List.of("node", bin("mcp-server-everything").toString(), "streamableHttp");
        return start(command, Map.of("PORT", String.valueOf(port)), port, "server-everything");
    }

    /** The Python SDK server over Streamable HTTP; {@code jsonResponse} makes it reply application/json. */
    static Running python(boolean jsonResponse) throws Exception {
        PythonReference.assumeAvailable();
        int port = PythonReference.freePort();
        var command = new ArrayList<>(List.of(
                PythonReference.python().toString(),
                PythonReference.script("mcp_tool_server.py").toString(),
                "--port",
                String.valueOf(port)));
        if (jsonResponse) {
            command.add("--json-response");
        }
        return start(command, Map.of(), port, "mcp_tool_server.py");
    }

    private static Running start(List<String> command, Map<String, String> environment, int port, String name)
            throws Exception {
        Path log = Files.createTempFile("mcp-" + name, ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        var running = new Running(process, "http://127.0.0.1:" + port + "/mcp", log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return running;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        running.close();
        throw new IllegalStateException(
                name + " did not listen on port " + port + " within 60 s: " + Files.readString(log));
    }

    /** A server process listening at {@code url}; closing ends it and its descendants. */
    record Running(Process process, String url, Path log) implements AutoCloseable {
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
