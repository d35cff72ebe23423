package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.McpWire;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.server.McpOptions;
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
 * The sessions of the spec MCP endpoint and the methods they answer ({@code initialize}, {@code ping},
 * {@code tools/list}, {@code tools/call}, {@code notifications/cancelled}). Each MCP session holds one pooled
 * environment instance (capacity is shared with {@code /ws} and the dialect's sessions); tool calls run on
 * the session's executor, one at a time. Transport-free: {@link McpStreamableHttp} maps outcomes onto HTTP.
 * Blocking: call from virtual threads. Thread-safe.
 */
final class McpSpecSessions<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(McpSpecSessions.class);

    /** One MCP session: its pooled session, negotiated revision, tool list and calls in flight. */
    static final class SpecSession {
        final Session<?, ?, ?> session;
        final String version;
        final List<Tool> tools;
        final Map<JsonNode, ToolCall> inFlight = new ConcurrentHashMap<>();

        SpecSession(Session<?, ?, ?> session, String version, List<Tool> tools) {
            this.session = session;
            this.version = version;
            this.tools = tools;
        }
    }

    /** The session named by a request ended (terminated, reaped or shut down) while it was handled. */
    static final class SessionGone extends Exception {
        private static final long serialVersionUID = 1L;

        SessionGone() {
            super("session ended", null, false, false);
        }
    }

    /** The answer to {@code initialize}: the response, and the new session's id when one was opened. */
    record Opened(ObjectNode response, String sessionId) {}

    private final EnvSpec<A, O, S> spec;
    private final SessionEngine<A, O, S> engine;
    private final McpOptions options;
    private final Map<String, SpecSession> sessions = new ConcurrentHashMap<>();

    McpSpecSessions(SessionEngine<A, O, S> engine, McpOptions options) {
        this.spec = engine.spec();
        this.engine = engine;
        this.options = options;
    }

    /** Opens a session: negotiates the revision, takes a pool slot, creates the environment, reads its tools. */
    Opened initialize(JsonNode id, ObjectNode params) {
        sessions.values().removeIf(state -> state.session.ended.get());
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isString()) {
            return new Opened(JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                    "Invalid params: 'protocolVersion' must be a string", null), null);
        }
        String version = McpWire.negotiate(requested.stringValue());
        Session<A, O, S> session;
        List<Tool> tools;
        try {
            session = engine.reserve(Session.Kind.MCP_STREAMABLE);
        } catch (SessionEngine.Refused e) {
            return new Opened(JsonRpc.error(id, e.error()), null);
        }
        try {
            engine.start(session);
            tools = spec.isToolEnvironment()
                    ? session.call(() -> toolsOf(session.environment()).tools().stream()
                            .filter(tool -> !Toolbox.RESERVED.contains(tool.name())).toList())
                    : List.of();
        } catch (Exception e) {
            LOG.warn("opening an MCP session failed", e);
            engine.end(session);
            return new Opened(JsonRpc.error(id, engine.factoryFailure()), null);
        }
        sessions.put(session.id, new SpecSession(session, version, tools));
        ObjectNode result = McpWire.initializeResult(version, spec.metadata().name(), spec.metadata().version(),
                spec.isToolEnvironment(), spec.metadata().description());
        return new Opened(JsonRpc.result(id, result), session.id);
    }

    /** The live session with this id, or {@code null} (unknown, expired or terminated). */
    SpecSession find(String id) {
        SpecSession state = id == null ? null : sessions.get(id);
        if (state == null) {
            return null;
        }
        if (state.session.ended.get()) {
            sessions.remove(id, state);
            return null;
        }
        state.session.touch();
        return state;
    }

    /** Ends a session: calls in flight are given up (their tools interrupted), the environment closed. */
    @SuppressWarnings("unchecked")
    boolean terminate(String id) {
        SpecSession state = sessions.remove(id);
        if (state == null || state.session.ended.get()) {
            return false;
        }
        engine.end((Session<A, O, S>) state.session);
        state.inFlight.values().forEach(call -> call.abandon(new ToolCall.SessionEnded()));
        return true;
    }

    /**
     * Takes a notification: {@code notifications/cancelled} gives up a call in flight; the others ({@code
     * notifications/initialized} included: requests are served from the {@code initialize} answer on, since on
     * HTTP they may overtake it) are accepted and ignored.
     */
    void notify(SpecSession state, McpMessage.Notification notification) {
        switch (notification.method()) {
            case "notifications/cancelled" -> {
                JsonNode requestId = notification.params().get("requestId");
                ToolCall call = requestId == null ? null : state.inFlight.get(requestId);
                if (call != null) {
                    LOG.debug("request {} of session {} cancelled: {}", requestId, state.session.id,
                            notification.params().path("reason").asString(""));
                    call.abandon(new ToolCall.Cancelled());
                }
            }
            default -> LOG.debug("ignoring notification {}", notification.method());
        }
    }

    /**
     * Answers a request of an open session.
     *
     * @throws SessionGone when the session ended while the request was handled
     */
    ObjectNode answer(SpecSession state, McpMessage.Request request) throws SessionGone {
        JsonNode id = request.id();
        return switch (request.method()) {
            case "ping" -> JsonRpc.result(id, WireJson.object());
            case "initialize" -> JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                    "Invalid request: the session is already initialized", null);
            case "tools/list" -> spec.isToolEnvironment() ? listTools(state, id, request.params())
                    : notFound(id, request.method());
            case "tools/call" -> spec.isToolEnvironment() ? callTool(state, id, request.params())
                    : notFound(id, request.method());
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
        int end = Math.min(state.tools.size(), start + options.toolsPageSize());
        String next = end < state.tools.size() ? encodeCursor(end) : null;
        return JsonRpc.result(id, McpWire.toolsListResult(state.tools.subList(start, end), next));
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("tools:" + offset).getBytes(StandardCharsets.UTF_8));
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

    private ObjectNode callTool(SpecSession state, JsonNode id, ObjectNode params) throws SessionGone {
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
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, ToolCallException.unknownTool(tool).getMessage(), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = arguments == null || arguments.isNull()
                ? Map.of() : (Map<String, Object>) WireJson.toPlain(arguments);
        var call = new ToolCall();
        if (state.inFlight.putIfAbsent(id, call) != null) {
            return JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid request: request id " + id + " is already in use", null);
        }
        Duration timeout = options.toolCallTimeout();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        ToolCall.Outcome outcome;
        try {
            Session<?, ?, ?> session = state.session;
            outcome = call.run(session, () -> toolsOf(session.environment()).callTool(tool, args), deadline);
        } finally {
            state.inFlight.remove(id, call);
            state.session.touch();
        }
        return switch (outcome) {
            case ToolCall.Completed completed -> JsonRpc.result(id, McpWire.toolResult(completed.result()));
            case ToolCall.Refused refused -> refusal(state, id, refused.error());
            case ToolCall.Crashed crashed -> {
                LOG.debug("tool {} failed", tool, crashed.error());
                String message = crashed.error().getMessage() == null
                        ? crashed.error().getClass().getSimpleName() : crashed.error().getMessage();
                yield JsonRpc.result(id, McpWire.errorResult("Error executing tool " + tool + ": " + message));
            }
            case ToolCall.TimedOut ignored -> JsonRpc.result(id, McpWire.errorResult("Tool '" + tool
                    + "' timed out after " + BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString()
                    + " seconds"));
            case ToolCall.Cancelled ignored -> JsonRpc.error(id, McpWire.REQUEST_CANCELLED, "Request cancelled", null);
            case ToolCall.SessionEnded ignored -> throw new SessionGone();
        };
    }

    /**
     * A call that could not be made: an unknown tool is a protocol error ({@code -32602}) in every revision;
     * invalid arguments are one in 2025-06-18 (and the older revisions) but a tool execution error ({@code isError}) from 2025-11-25 on
     * (SEP-1303), so that a model can correct itself; a transport failure behind the tool is an internal error.
     */
    private static ObjectNode refusal(SpecSession state, JsonNode id, ToolCallException error) {
        return switch (error.kind()) {
            case TOOL_NOT_FOUND -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getMessage(), null);
            case INVALID_ARGS -> !state.version.equals(McpWire.LATEST_VERSION)
                    ? JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getMessage(), null)
                    : JsonRpc.result(id, McpWire.errorResult(error.getMessage()));
            case TRANSPORT_ERROR -> JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, error.getMessage(), null);
            case EXECUTION_ERROR, TIMEOUT -> JsonRpc.result(id, McpWire.errorResult(error.getMessage()));
        };
    }

    private static ToolEnvironment<?> toolsOf(Environment<?, ?, ?> env) {
        if (env instanceof ToolEnvironment<?> tools) {
            return tools;
        }
        throw new IllegalStateException("Environment does not support MCP");
    }
}
