package io.openenv4j.mcp.server;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.JsonObjectMap;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.McpWire;
import io.openenv4j.mcp.ToolWire;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.wire.WireJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP serving for one environment, both dialects: OpenEnv's own ({@code tools/list}, {@code tools/call},
 * {@code openenv/session/create}, {@code openenv/session/close}, for {@code POST /mcp}, {@code WS /mcp} and
 * {@code mcp} frames on {@code /ws}: {@link #dialect}) and spec MCP's sessions and methods ({@code
 * initialize}, {@code ping}, {@code tools/list}, {@code tools/call}, {@code notifications/cancelled}: {@link
 * #initialize}, {@link #answer}; {@link StreamableHttp} carries them over HTTP). Sessions, their environments
 * and refusals come from the {@link McpHost}; requests and answers are JSON trees. Knows no transport.
 * Blocking: call from virtual threads. Thread-safe.
 */
public final class McpServer {

    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);

    /** One spec MCP session: the host's session, the negotiated revision, its tool list and calls in flight. */
    public static final class SpecSession {
        private final McpHost.Session session;
        private final String version;
        private final List<Tool> tools;
        private final Map<JsonNode, ToolCall> inFlight = new ConcurrentHashMap<>();

        SpecSession(McpHost.Session session, String version, List<Tool> tools) {
            this.session = session;
            this.version = version;
            this.tools = tools;
        }

        /** The protocol revision negotiated at {@code initialize}. */
        public String version() {
            return version;
        }
    }

    /** The session named by a request ended (terminated, reaped or shut down) while it was handled. */
    public static final class SessionGone extends Exception {
        private static final long serialVersionUID = 1L;

        SessionGone() {
            super("session ended", null, false, false);
        }
    }

    /** The answer to {@code initialize}: the response, and the new session's id when one was opened. */
    public record Opened(ObjectNode response, String sessionId) {}

    private final McpHost host;
    private final EnvSpec<?, ?, ?> spec;
    private final Duration toolCallTimeout;
    private final int toolsPageSize;
    private final Map<String, SpecSession> sessions = new ConcurrentHashMap<>();

    /**
     * @param toolCallTimeout how long a spec {@code tools/call} may run, or {@code null} for no limit
     * @param toolsPageSize how many tools one spec {@code tools/list} page holds
     */
    public McpServer(McpHost host, EnvSpec<?, ?, ?> spec, Duration toolCallTimeout, int toolsPageSize) {
        if (toolsPageSize < 1) {
            throw new IllegalArgumentException("toolsPageSize must be at least 1, got " + toolsPageSize);
        }
        this.host = host;
        this.spec = spec;
        this.toolCallTimeout = toolCallTimeout;
        this.toolsPageSize = toolsPageSize;
    }

    // --- OpenEnv's dialect ---

    /**
     * Answers one request of OpenEnv's dialect.
     *
     * @param bound the session of the socket the request came on, or {@code null} for HTTP (where {@code
     *     params.session_id} may name a session)
     */
    public ObjectNode dialect(JsonRpc.Request request, McpHost.Session bound) {
        JsonNode id = request.id();
        ObjectNode params = request.params();
        try {
            return switch (request.method()) {
                case "tools/list" ->
                    withEnvironment(
                            id,
                            params,
                            bound,
                            env -> JsonRpc.result(
                                    id, ToolWire.toolsListResult(tools(env).tools())));
                case "tools/call" -> dialectCall(id, params, bound);
                case "openenv/session/create" -> createSession(id, bound);
                case "openenv/session/close" -> closeSession(id, params);
                default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + request.method(), null);
            };
        } catch (Exception e) {
            return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, String.valueOf(e.getMessage()), null);
        }
    }

    private ObjectNode dialectCall(JsonNode id, ObjectNode params, McpHost.Session bound) throws Exception {
        JsonNode name = params.get("name");
        if (name == null || !name.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Missing 'name' in params", null);
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "'arguments' must be an object", null);
        }
        Map<String, Object> args = arguments(arguments);
        return withEnvironment(id, params, bound, env -> {
            try {
                ToolResult result = tools(env).callTool(name.stringValue(), args);
                if (result.isError()) {
                    // The reference's dialect reports a failed tool as an internal error (-32603).
                    return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, result.text(), null);
                }
                return JsonRpc.result(id, ToolWire.toolResult(result));
            } catch (ToolCallException e) {
                return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, e.getMessage(), null);
            }
        });
    }

    private ObjectNode createSession(JsonNode id, McpHost.Session bound) {
        if (bound != null) {
            return JsonRpc.result(id, sessionId(bound.id()));
        }
        try {
            return JsonRpc.result(id, sessionId(host.open(McpHost.Kind.DIALECT).id()));
        } catch (McpHost.Refused e) {
            return JsonRpc.error(id, e.error());
        }
    }

    private ObjectNode closeSession(JsonNode id, ObjectNode params) {
        JsonNode target = params.get("session_id");
        if (target == null || !target.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params - 'session_id' is required", null);
        }
        McpHost.Session session = host.find(target.stringValue());
        if (session == null || session.ended()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown session_id: " + target.stringValue(), null);
        }
        if (session.kind() != McpHost.Kind.DIALECT) {
            return JsonRpc.error(
                    id, JsonRpc.INVALID_REQUEST, "Cannot close active WebSocket-managed session via MCP method", null);
        }
        ObjectNode result = sessionId(session.id());
        if (host.endOrDefer(session)) {
            result.put("closed", true);
        } else {
            // A /ws socket is attached: the session ends when it leaves.
            result.put("closed", false);
            result.put("closing", true);
        }
        return JsonRpc.result(id, result);
    }

    /**
     * Runs {@code work} against the right environment: the bound session's, the one {@code session_id}
     * names, or a throw-away instance closed afterwards.
     */
    private ObjectNode withEnvironment(
            JsonNode id, ObjectNode params, McpHost.Session bound, McpHost.EnvWork<ObjectNode> work) throws Exception {
        if (!spec.isToolEnvironment()) {
            return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Environment does not support MCP", null);
        }
        McpHost.Session session = bound;
        if (session == null && params.hasNonNull("session_id")) {
            String wanted = params.get("session_id").asString("");
            session = host.find(wanted);
            // A spec MCP session (Mcp-Session-Id) belongs to that protocol's client: not addressable here.
            if (session == null || session.ended() || session.kind() == McpHost.Kind.SPEC) {
                return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown session_id: " + wanted, null);
            }
            if (!session.ready()) {
                return JsonRpc.error(
                        id,
                        JsonRpc.INVALID_REQUEST,
                        "Session " + wanted + " is still initializing; retry shortly",
                        null);
            }
        }
        if (session != null) {
            session.touch();
            return session.call(work);
        }
        try {
            return host.withFresh(work);
        } catch (McpHost.Refused e) {
            if (e.getCause() instanceof Exception factoryFailure) {
                throw factoryFailure; // answered as an internal error with the factory's message
            }
            return JsonRpc.error(id, e.error());
        }
    }

    private static ObjectNode sessionId(String id) {
        var node = WireJson.object();
        node.put("session_id", id);
        return node;
    }

    // --- spec MCP ---

    /** Opens a spec session: negotiates the revision, opens a host session, reads its tools. */
    public Opened initialize(JsonNode id, ObjectNode params) {
        sessions.values().removeIf(state -> state.session.ended());
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isString()) {
            return new Opened(
                    JsonRpc.error(
                            id, JsonRpc.INVALID_PARAMS, "Invalid params: 'protocolVersion' must be a string", null),
                    null);
        }
        String version = McpWire.negotiate(requested.stringValue());
        McpHost.Session session;
        try {
            session = host.open(McpHost.Kind.SPEC);
        } catch (McpHost.Refused e) {
            return new Opened(JsonRpc.error(id, e.error()), null);
        }
        List<Tool> tools;
        try {
            tools = spec.isToolEnvironment()
                    ? session.call(env -> tools(env).tools().stream()
                            .filter(tool -> !Toolbox.RESERVED.contains(tool.name()))
                            .toList())
                    : List.of();
        } catch (Exception e) {
            LOG.warn("opening an MCP session failed", e);
            host.end(session);
            return new Opened(JsonRpc.error(id, host.factoryFailure()), null);
        }
        sessions.put(session.id(), new SpecSession(session, version, tools));
        ObjectNode result = McpWire.initializeResult(
                version,
                spec.metadata().name(),
                spec.metadata().version(),
                spec.isToolEnvironment(),
                spec.metadata().description());
        return new Opened(JsonRpc.result(id, result), session.id());
    }

    /** The live spec session with this id, or {@code null} (unknown, expired or terminated). */
    public SpecSession find(String id) {
        SpecSession state = id == null ? null : sessions.get(id);
        if (state == null) {
            return null;
        }
        if (state.session.ended()) {
            sessions.remove(id, state);
            return null;
        }
        state.session.touch();
        return state;
    }

    /** Ends a spec session: calls in flight are given up (their tools interrupted), the environment closed. */
    public boolean terminate(String id) {
        SpecSession state = sessions.remove(id);
        if (state == null || state.session.ended()) {
            return false;
        }
        host.end(state.session);
        state.inFlight.values().forEach(call -> call.abandon(new ToolCall.SessionEnded()));
        return true;
    }

    /**
     * Takes a notification: {@code notifications/cancelled} gives up a call in flight; the others ({@code
     * notifications/initialized} included: requests are served from the {@code initialize} answer on, since on
     * HTTP they may overtake it) are accepted and ignored.
     */
    public void notify(SpecSession state, McpMessage.Notification notification) {
        switch (notification.method()) {
            case "notifications/cancelled" -> {
                JsonNode requestId = notification.params().get("requestId");
                ToolCall call = requestId == null ? null : state.inFlight.get(requestId);
                if (call != null) {
                    LOG.debug(
                            "request {} of session {} cancelled: {}",
                            requestId,
                            state.session.id(),
                            notification.params().path("reason").asString(""));
                    call.abandon(new ToolCall.Cancelled());
                }
            }
            default -> LOG.debug("ignoring notification {}", notification.method());
        }
    }

    /**
     * Answers a request of an open spec session.
     *
     * @throws SessionGone when the session ended while the request was handled
     */
    public ObjectNode answer(SpecSession state, McpMessage.Request request) throws SessionGone {
        JsonNode id = request.id();
        return switch (request.method()) {
            case "ping" -> JsonRpc.result(id, WireJson.object());
            case "initialize" ->
                JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: the session is already initialized", null);
            case "tools/list" ->
                spec.isToolEnvironment() ? listTools(state, id, request.params()) : notFound(id, request.method());
            case "tools/call" ->
                spec.isToolEnvironment() ? specCall(state, id, request.params()) : notFound(id, request.method());
            default -> notFound(id, request.method());
        };
    }

    private static ObjectNode notFound(JsonNode id, String method) {
        return JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method, null);
    }

    private ObjectNode listTools(SpecSession state, JsonNode id, ObjectNode params) {
        JsonNode cursor = params.get("cursor");
        int start = 0;
        if (cursor != null && !cursor.isNull()) {
            Integer offset = cursor.isString() ? decodeCursor(cursor.stringValue(), state.tools.size()) : null;
            if (offset == null) {
                return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: unknown cursor", null);
            }
            start = offset;
        }
        int end = Math.min(state.tools.size(), start + toolsPageSize);
        String next = end < state.tools.size() ? encodeCursor(end) : null;
        return JsonRpc.result(id, McpWire.toolsListResult(state.tools.subList(start, end), next));
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("tools:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Integer decodeCursor(String cursor, int size) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("tools:")) {
                return null;
            }
            int offset = Integer.parseInt(text.substring("tools:".length()));
            return offset >= 0 && offset <= size ? offset : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private ObjectNode specCall(SpecSession state, JsonNode id, ObjectNode params) throws SessionGone {
        JsonNode name = params.get("name");
        if (name == null || !name.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: 'name' must be a string", null);
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: 'arguments' must be an object", null);
        }
        String tool = name.stringValue();
        if (Toolbox.RESERVED.contains(tool)) {
            return JsonRpc.error(
                    id,
                    JsonRpc.INVALID_PARAMS,
                    ToolCallException.unknownTool(tool).getMessage(),
                    null);
        }
        Map<String, Object> args = arguments(arguments);
        var call = new ToolCall();
        if (state.inFlight.putIfAbsent(id, call) != null) {
            return JsonRpc.error(
                    id, JsonRpc.INVALID_REQUEST, "Invalid request: request id " + id + " is already in use", null);
        }
        long deadline = toolCallTimeout == null ? Long.MAX_VALUE : System.nanoTime() + toolCallTimeout.toNanos();
        ToolCall.Outcome outcome;
        McpHost.Session session = state.session;
        try {
            outcome = call.run(session, () -> tools(session.environment()).callTool(tool, args), deadline);
        } finally {
            state.inFlight.remove(id, call);
            session.touch();
        }
        return switch (outcome) {
            case ToolCall.Completed completed -> JsonRpc.result(id, McpWire.toolResult(completed.result()));
            case ToolCall.Refused refused -> refusal(state, id, refused.error());
            case ToolCall.Crashed crashed -> {
                LOG.debug("tool {} failed", tool, crashed.error());
                String message = crashed.error().getMessage() == null
                        ? crashed.error().getClass().getSimpleName()
                        : crashed.error().getMessage();
                yield JsonRpc.result(id, McpWire.errorResult("Error executing tool " + tool + ": " + message));
            }
            case ToolCall.TimedOut ignored ->
                JsonRpc.result(
                        id,
                        McpWire.errorResult("Tool '" + tool + "' timed out after "
                                + BigDecimal.valueOf(toolCallTimeout.toMillis(), 3)
                                        .stripTrailingZeros()
                                        .toPlainString() + " seconds"));
            case ToolCall.Cancelled ignored -> JsonRpc.error(id, McpWire.REQUEST_CANCELLED, "Request cancelled", null);
            case ToolCall.SessionEnded ignored -> throw new SessionGone();
        };
    }

    /**
     * A call that could not be made: an unknown tool is a protocol error ({@code -32602}) in every revision;
     * invalid arguments are one in 2025-06-18 (and the older revisions) but a tool execution error ({@code
     * isError}) from 2025-11-25 on (SEP-1303), so that a model can correct itself; a transport failure behind
     * the tool is an internal error.
     */
    private static ObjectNode refusal(SpecSession state, JsonNode id, ToolCallException error) {
        return switch (error.kind()) {
            case TOOL_NOT_FOUND -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getMessage(), null);
            case INVALID_ARGS ->
                !state.version.equals(McpWire.LATEST_VERSION)
                        ? JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getMessage(), null)
                        : JsonRpc.result(id, McpWire.errorResult(error.getMessage()));
            case TRANSPORT_ERROR -> JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, error.getMessage(), null);
            case EXECUTION_ERROR, TIMEOUT -> JsonRpc.result(id, McpWire.errorResult(error.getMessage()));
        };
    }

    // --- shared ---

    /** A tool call's arguments ({@code null} or absent: none), kept as the request's tree. */
    private static Map<String, Object> arguments(JsonNode arguments) {
        return arguments == null || arguments.isNull() ? Map.of() : JsonObjectMap.of((ObjectNode) arguments);
    }

    private static ToolEnvironment<?> tools(Environment<?, ?, ?> env) {
        if (env instanceof ToolEnvironment<?> tools) {
            return tools;
        }
        throw new IllegalStateException("Environment does not support MCP");
    }
}
