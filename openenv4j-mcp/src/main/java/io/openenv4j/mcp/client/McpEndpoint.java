package io.openenv4j.mcp.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an MCP server is and how to reach it: a command to launch and talk to over stdio, or a Streamable
 * HTTP URL.
 *
 * <pre>{@code
 * McpEndpoint.stdio("npx", "-y", "@modelcontextprotocol/server-everything")
 * McpEndpoint.http("http://localhost:3001/mcp").withHeader("Authorization", "Bearer …")
 * }</pre>
 */
public sealed interface McpEndpoint {

    /**
     * A server launched as a child process, speaking newline-delimited JSON-RPC on its standard input and
     * output. Its standard error goes to the log (logger {@code io.openenv4j.mcp.client.stderr}).
     *
     * @param command the program and its arguments; not empty
     * @param environment variables added to (or overriding) this process's environment
     * @param directory the working directory, or {@code null} for this process's
     */
    record Stdio(List<String> command, Map<String, String> environment, Path directory) implements McpEndpoint {
        public Stdio {
            command = List.copyOf(command);
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("the command must name a program");
            }
            environment =
                    environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        /** A copy with one more environment variable. */
        public Stdio withEnvironment(String name, String value) {
            var copy = new LinkedHashMap<>(environment);
            copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new Stdio(command, copy, directory);
        }

        /** A copy that starts in {@code newDirectory}. */
        public Stdio withDirectory(Path newDirectory) {
            return new Stdio(command, environment, newDirectory);
        }
    }

    /**
     * A server reached over MCP's Streamable HTTP transport.
     *
     * @param url the MCP endpoint, for example {@code http://localhost:3001/mcp}; {@code http} or {@code https}
     * @param headers headers sent with every request (authorization, for example)
     */
    record StreamableHttp(URI url, Map<String, String> headers) implements McpEndpoint {
        public StreamableHttp {
            Objects.requireNonNull(url, "url");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("an MCP URL is http:// or https:// with a host, got " + url);
            }
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** A copy with one more header. */
        public StreamableHttp withHeader(String name, String value) {
            var copy = new LinkedHashMap<>(headers);
            copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new StreamableHttp(url, copy);
        }
    }

    /** A stdio server: {@code command} is the program followed by its arguments. */
    static Stdio stdio(String... command) {
        return new Stdio(List.of(command), Map.of(), null);
    }

    /** A stdio server: {@code command} is the program followed by its arguments. */
    static Stdio stdio(List<String> command) {
        return new Stdio(command, Map.of(), null);
    }

    /**
     * A Streamable HTTP server.
     *
     * @throws IllegalArgumentException when {@code url} is not an {@code http(s)} URL
     */
    static StreamableHttp http(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return new StreamableHttp(URI.create(url), Map.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid MCP URL: '" + url + "' (" + e.getMessage() + ")", e);
        }
    }
}
