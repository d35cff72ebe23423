package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.ToolWire;
import io.openenv4j.wire.WireJson;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenEnv's MCP dialect ({@code tools/list}, {@code tools/call}, {@code openenv/session/create}, {@code
 * openenv/session/close}), for {@code POST /mcp}, {@code WS /mcp} and {@code mcp} frames on {@code /ws}.
 * Blocking: call from a virtual thread.
 */
final class McpRouter<A, O, S> {

    private final EnvSpec<A, O, S> spec;
    private final SessionEngine<A, O, S> engine;

    McpRouter(SessionEngine<A, O, S> engine) {
        this.spec = engine.spec();
        this.engine = engine;
    }

    /**
     * Answers one request.
     *
     * @param bound the session of the socket the request came on, or {@code null} for HTTP (where {@code
     *     params.session_id} may name a session)
     */
    ObjectNode handle(JsonRpc.Request request, Session<A, O, S> bound) {
        JsonNode id = request.id();
        ObjectNode params = request.params();
        try {
            return switch (request.method()) {
                case "tools/list" -> withEnvironment(id, params, bound,
                        env -> JsonRpc.result(id, ToolWire.toolsListResult(tools(env).tools())));
                case "tools/call" -> callTool(id, params, bound);
                case "openenv/session/create" -> createSession(id, bound);
                case "openenv/session/close" -> closeSession(id, params, bound);
                default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + request.method(), null);
            };
        } catch (Exception e) {
            return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, String.valueOf(e.getMessage()), null);
        }
    }

    private ObjectNode callTool(JsonNode id, ObjectNode params, Session<A, O, S> bound) throws Exception {
        JsonNode name = params.get("name");
        if (name == null || !name.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Missing 'name' in params", null);
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "'arguments' must be an object", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = arguments == null || arguments.isNull()
                ? Map.of() : (Map<String, Object>) WireJson.toPlain(arguments);
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

    private ObjectNode createSession(JsonNode id, Session<A, O, S> bound) {
        if (bound != null) {
            return JsonRpc.result(id, sessionId(bound.id));
        }
        try {
            Session<A, O, S> session = engine.reserve(Session.Kind.MCP_HTTP);
            engine.start(session);
            return JsonRpc.result(id, sessionId(session.id));
        } catch (SessionEngine.Refused e) {
            return JsonRpc.error(id, e.error());
        }
    }

    private ObjectNode closeSession(JsonNode id, ObjectNode params, Session<A, O, S> bound) {
        JsonNode target = params.get("session_id");
        if (target == null || !target.isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params - 'session_id' is required", null);
        }
        Session<A, O, S> session = engine.find(target.stringValue());
        if (session == null || session.ended.get()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown session_id: " + target.stringValue(), null);
        }
        if (session.kind != Session.Kind.MCP_HTTP) {
            return JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                    "Cannot close active WebSocket-managed session via MCP method", null);
        }
        ObjectNode result = sessionId(session.id);
        // With a /ws socket attached the session closes when the socket leaves (the flag is set before the
        // check, and the socket clears its attachment before reading the flag, so one of the two closes it).
        session.closeWhenDetached = true;
        if (session.attached.get()) {
            result.put("closed", false);
            result.put("closing", true);
            return JsonRpc.result(id, result);
        }
        engine.end(session);
        result.put("closed", true);
        return JsonRpc.result(id, result);
    }

    /**
     * Runs {@code work} against the right environment: the bound session's, the one {@code session_id}
     * names, or a temporary instance closed afterwards.
     */
    private ObjectNode withEnvironment(JsonNode id, ObjectNode params, Session<A, O, S> bound,
            Work<A, O, S> work) throws Exception {
        if (!spec.isToolEnvironment()) {
            return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Environment does not support MCP", null);
        }
        Session<A, O, S> session = bound;
        if (session == null && params.hasNonNull("session_id")) {
            String wanted = params.get("session_id").asString("");
            session = engine.find(wanted);
            // A spec MCP session (Mcp-Session-Id) belongs to that protocol's client: not addressable here.
            if (session == null || session.ended.get() || session.kind == Session.Kind.MCP_STREAMABLE) {
                return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown session_id: " + wanted, null);
            }
            if (!session.ready()) {
                return JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                        "Session " + wanted + " is still initializing; retry shortly", null);
            }
        }
        if (session != null) {
            Session<A, O, S> target = session;
            target.touch();
            return target.call(() -> work.apply(target.environment()));
        }
        try {
            return engine.withFresh(work::apply);
        } catch (SessionEngine.Refused e) {
            if (e.getCause() instanceof Exception factoryFailure) {
                throw factoryFailure; // answered as an internal error with the factory's message, as before
            }
            return JsonRpc.error(id, e.error());
        }
    }

    private static ToolEnvironment<?> tools(Environment<?, ?, ?> env) {
        if (env instanceof ToolEnvironment<?> tools) {
            return tools;
        }
        throw new IllegalStateException("Environment does not support MCP");
    }

    private static ObjectNode sessionId(String id) {
        var node = WireJson.object();
        node.put("session_id", id);
        return node;
    }

    @FunctionalInterface
    private interface Work<A, O, S> {
        ObjectNode apply(Environment<A, O, S> env) throws Exception;
    }
}
