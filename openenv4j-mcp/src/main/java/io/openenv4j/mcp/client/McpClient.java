package io.openenv4j.mcp.client;

import io.openenv4j.mcp.client.internal.HttpTransport;
import io.openenv4j.mcp.client.internal.JsonRpcPeer;
import io.openenv4j.mcp.client.internal.StdioTransport;
import io.openenv4j.mcp.client.internal.Transport;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of any MCP server, over stdio (a child process) or Streamable HTTP: lists and calls its tools.
 *
 * <pre>{@code
 * try (McpClient client = McpClient.connect(McpEndpoint.stdio("npx", "-y", "@modelcontextprotocol/server-everything"))) {
 *     for (McpTool tool : client.listTools()) {
 *         System.out.println(tool.name());
 *     }
 *     McpToolResult result = client.callTool("echo", Map.of("message", "hi"));
 *     System.out.println(result.text());     // Echo: hi
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #connect} starts the server process (stdio) and performs the {@code initialize}
 * handshake, offering {@link McpClientOptions#protocolVersion()} and accepting any version in {@link
 * McpClientOptions#SUPPORTED_VERSIONS}, then sends {@code notifications/initialized}. {@link #close()}
 * ends the session: for stdio it closes the server's input and ends the process with all its descendants;
 * for HTTP it sends {@code DELETE}. A client whose process exited or whose HTTP session expired is not
 * reconnected: connect a new one.
 *
 * <p>Thread-safety: thread-safe. Calls block the calling thread (use virtual threads for many at once);
 * any number may be in flight together, matched to their replies by JSON-RPC id. Each request waits at
 * most its timeout ({@link McpClientOptions#requestTimeout()} unless the call names one); on expiry the
 * client sends {@code notifications/cancelled} and throws {@link McpTransportException} of kind {@code
 * TIMEOUT}, and stays usable.
 *
 * <p>The server's requests to the client are answered ({@code ping}; anything else with {@code -32601},
 * as the client declares no roots, sampling or elicitation). Its notifications go to the {@link
 * McpListener}; {@code notifications/tools/list_changed} also clears the tool cache.
 */
public final class McpClient implements AutoCloseable {

    private static final int MAX_PAGES = 10_000;

    private final McpEndpoint endpoint;
    private final McpClientOptions options;
    private final Transport transport;
    private final JsonRpcPeer peer;
    private final AtomicLong toolsGeneration = new AtomicLong();
    private volatile List<McpTool> tools;
    private volatile McpServerInfo server;

    private McpClient(McpEndpoint endpoint, McpClientOptions options) {
        this.endpoint = endpoint;
        this.options = options;
        this.transport = switch (endpoint) {
            case McpEndpoint.Stdio stdio -> new StdioTransport(stdio, options.maxMessageBytes());
            case McpEndpoint.StreamableHttp http ->
                new HttpTransport(http, options.connectTimeout(), options.maxMessageBytes());
        };
        this.peer = new JsonRpcPeer(transport, this::onNotification);
    }

    /**
     * Connects with the default options.
     *
     * @throws McpClientException as {@link #connect(McpEndpoint, McpClientOptions)}
     */
    public static McpClient connect(McpEndpoint endpoint) {
        return connect(endpoint, McpClientOptions.defaults());
    }

    /**
     * Starts or reaches the server and initialises an MCP session with it.
     *
     * @throws McpTransportException when the process cannot be started, the server cannot be reached, or
     *     the handshake does not finish within {@link McpClientOptions#connectTimeout()}
     * @throws McpProtocolException when the server answers {@code initialize} with a protocol version this
     *     client does not speak, or with a malformed result
     * @throws McpServerErrorException when the server rejects {@code initialize}
     */
    public static McpClient connect(McpEndpoint endpoint, McpClientOptions options) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        var client = new McpClient(endpoint, options);
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Where the server is. */
    public McpEndpoint endpoint() {
        return endpoint;
    }

    /** What the server said about itself, and the negotiated protocol version. */
    public McpServerInfo server() {
        return server;
    }

    /** The {@code Mcp-Session-Id} a Streamable HTTP server assigned; empty for stdio and sessionless servers. */
    public Optional<String> sessionId() {
        return transport instanceof HttpTransport http ? Optional.ofNullable(http.sessionId()) : Optional.empty();
    }

    /** Whether the client may still be used: not closed, and its connection has not failed for good. */
    public boolean isOpen() {
        return peer.isOpen();
    }

    /**
     * Sends {@code ping} and waits for the answer.
     *
     * @throws McpClientException as {@link #request(String, Map, Duration)}
     */
    public void ping() {
        request("ping", null, options.requestTimeout());
    }

    /**
     * The server's tools, every page of {@code tools/list} in order; served from a cache after the first
     * call until the server announces {@code notifications/tools/list_changed}.
     *
     * @throws McpProtocolException when a page is malformed or a cursor repeats
     * @throws McpClientException as {@link #request(String, Map, Duration)}
     */
    public List<McpTool> listTools() {
        List<McpTool> cached = tools;
        return cached != null ? cached : refreshTools();
    }

    /**
     * Asks the server for its tools (every page) and refreshes the cache.
     *
     * @throws McpClientException as {@link #listTools()}
     */
    public List<McpTool> refreshTools() {
        long generation = toolsGeneration.get();
        var all = new ArrayList<McpTool>();
        var cursors = new HashSet<String>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = WireJson.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = call("tools/list", params, options.requestTimeout());
            JsonNode list = result.get("tools");
            if (list == null || !list.isArray()) {
                throw new McpProtocolException(
                        "tools/list from " + transport.describe() + " has no 'tools' array: " + abbreviate(result));
            }
            for (JsonNode tool : list) {
                all.add(Results.tool(tool, transport.describe()));
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull()) {
                List<McpTool> listed = List.copyOf(all);
                if (toolsGeneration.get() == generation) {
                    tools = listed;
                }
                return listed;
            }
            cursor = next.asString("");
            if (!next.isString() || !cursors.add(cursor)) {
                throw new McpProtocolException(
                        "tools/list from " + transport.describe() + " returned an invalid or repeated cursor: " + next);
            }
        }
        throw new McpProtocolException(
                "tools/list from " + transport.describe() + " did not end after " + MAX_PAGES + " pages");
    }

    /**
     * Calls a tool with the default request timeout.
     *
     * @throws McpClientException as {@link #callTool(String, Map, Duration)}
     */
    public McpToolResult callTool(String name, Map<String, ?> arguments) {
        return callTool(name, arguments, options.requestTimeout());
    }

    /**
     * Calls a tool. A tool that runs and fails is a result with {@link McpToolResult#isError()} set, not an
     * exception. When a listener is set, the call asks for progress notifications (token: the request id).
     *
     * @param arguments the tool's arguments, JSON-shaped, or {@code null} for none
     * @param timeout how long to wait for the result; on expiry the call is cancelled
     * @throws McpServerErrorException when the server answers with a JSON-RPC error (servers report an
     *     unknown tool or invalid arguments either this way, usually {@code -32602}, or as an error result)
     * @throws McpTransportException when the connection fails or the result does not come in time
     * @throws McpProtocolException when the result is malformed
     * @throws McpClientMisuseException when the client is closed or the arguments are not a JSON object
     */
    public McpToolResult callTool(String name, Map<String, ?> arguments, Duration timeout) {
        Objects.requireNonNull(name, "name");
        ObjectNode params = WireJson.object();
        params.put("name", name);
        params.set("arguments", tree(arguments == null ? Map.of() : arguments, "the arguments"));
        long id = peer.nextId();
        if (options.listener() != McpListener.NONE) {
            params.putObject("_meta").put("progressToken", id);
        }
        JsonNode result = peer.request(id, "tools/call", params, checked(timeout), true);
        return Results.toolResult(name, requireObject("tools/call '" + name + "'", result), transport.describe());
    }

    /**
     * Sends any request (for methods without a call of their own: {@code resources/list}, {@code
     * logging/setLevel}, …) and returns its result as JSON-shaped values.
     *
     * @param params the request's params, JSON-shaped, or {@code null} for none
     * @throws McpServerErrorException when the server answers with a JSON-RPC error
     * @throws McpTransportException when the connection fails or the reply does not come in time
     * @throws McpProtocolException when the result is not a JSON object
     * @throws McpClientMisuseException when the client is closed or the params are not a JSON object
     */
    public Map<String, Object> request(String method, Map<String, ?> params, Duration timeout) {
        Objects.requireNonNull(method, "method");
        JsonNode result = call(method, params == null ? null : tree(params, "the params"), checked(timeout));
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) WireJson.toPlain(result);
        return plain;
    }

    /**
     * Ends the session and releases the process or HTTP connection (waits up to a few seconds for a stdio
     * server to exit before ending it and its descendants by force). Calls waiting on other threads fail
     * with {@link McpTransportException} of kind {@code CLOSED}; later calls throw {@link
     * McpClientMisuseException}. Idempotent; never throws.
     */
    @Override
    public void close() {
        peer.close();
    }

    private void initialize() {
        peer.start();
        ObjectNode params = WireJson.object();
        params.put("protocolVersion", options.protocolVersion());
        params.putObject("capabilities");
        ObjectNode info = params.putObject("clientInfo");
        info.put("name", options.clientName());
        info.put("version", options.clientVersion());
        JsonNode result = requireObject(
                "initialize", peer.request(peer.nextId(), "initialize", params, options.connectTimeout(), false));
        server = Results.serverInfo(result, transport.describe());
        transport.initialized(server.protocolVersion());
        peer.notify("notifications/initialized", null);
        transport.ready();
    }

    private JsonNode call(String method, ObjectNode params, Duration timeout) {
        return requireObject(method, peer.request(peer.nextId(), method, params, timeout, true));
    }

    private void onNotification(String method, ObjectNode params) {
        McpListener listener = options.listener();
        switch (method) {
            case "notifications/tools/list_changed" -> {
                toolsGeneration.incrementAndGet();
                tools = null;
                listener.onToolsChanged();
            }
            case "notifications/progress" -> listener.onProgress(Results.progress(params));
            case "notifications/message" -> listener.onLog(Results.logMessage(params));
            default -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) WireJson.toPlain(params);
                listener.onNotification(method, plain);
            }
        }
    }

    private JsonNode requireObject(String what, JsonNode result) {
        if (result == null || !result.isObject()) {
            throw new McpProtocolException("the result of " + what + " from " + transport.describe()
                    + " is not a JSON object: " + (result == null ? "missing" : abbreviate(result)));
        }
        return result;
    }

    private static ObjectNode tree(Map<String, ?> value, String what) {
        JsonNode node;
        try {
            node = WireJson.mapper().valueToTree(value);
        } catch (RuntimeException e) {
            throw new McpClientMisuseException(what + " do not encode as JSON: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new McpClientMisuseException(what + " must encode as a JSON object");
        }
        return object;
    }

    private static Duration checked(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    private static String abbreviate(JsonNode node) {
        String text = WireJson.write(node);
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
