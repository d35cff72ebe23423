package io.openenv4j.mcp.server;

import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.McpWire;
import io.openenv4j.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spec-compliant MCP over the Streamable HTTP transport (revisions 2025-06-18 and 2025-11-25) as exchanges:
 * a request's method, headers and body in, the status, headers and body to answer out; an HTTP server
 * carries them (OpenEnv4j's serves them on {@code /mcp} beside OpenEnv's dialect). A request is spec MCP
 * when it carries an {@code Mcp-Session-Id} or {@code MCP-Protocol-Version} header, or is a POST of an
 * {@code initialize} request; the reference's clients send none of these (and the reference answers {@code
 * initialize} with -32601), so they keep seeing the dialect unchanged.
 *
 * <p>POST carries one JSON-RPC message: requests are answered as {@code application/json} (or as a one-event
 * {@code text/event-stream} when the client accepts only that), notifications and responses with 202 and no
 * body. GET answers 405 (no server-to-client stream: the server never sends requests or notifications).
 * DELETE ends the session. Transport failures are HTTP statuses with a JSON-RPC error body whose id is
 * {@code null}: 400 (parse error, invalid message, batch, missing session header, unsupported protocol
 * version), 403 (origin not allowed), 404 (unknown or ended session), 406 (unacceptable {@code Accept}), 415
 * (body not JSON). Thread-safe.
 */
public final class StreamableHttp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttp.class);
    public static final String SESSION_HEADER = "Mcp-Session-Id";
    public static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String ALLOW = "POST, DELETE";

    /**
     * What to answer: a status, headers in the order to send them, and a body ({@code null}: none).
     */
    public record Response(int status, Map<String, String> headers, String body) {}

    private final McpServer server;

    public StreamableHttp(McpServer server) {
        this.server = server;
    }

    /** Whether a request's headers make it spec MCP, whatever its body. {@code headers}: name to value or {@code null}. */
    public static boolean claimsByHeaders(UnaryOperator<String> headers) {
        return headers.apply(SESSION_HEADER) != null || headers.apply(VERSION_HEADER) != null;
    }

    /** Whether a POST body is a spec MCP {@code initialize} (a JSON object whose method is {@code initialize}). */
    public static boolean isInitialize(String body) {
        if (!body.contains("\"initialize\"")) {
            return false;
        }
        try {
            JsonNode node = WireJson.parse(body);
            return node != null
                    && node.isObject()
                    && node.path("method").asString("").equals("initialize");
        } catch (JacksonException e) {
            return false;
        }
    }

    /** The answer to a request from an origin the server does not allow. */
    public static Response forbidden() {
        return failure(403, JsonRpc.INVALID_REQUEST, "Forbidden: origin not allowed");
    }

    /** Answers a spec request that has no body to read (GET, DELETE, other methods). Does not block. */
    public Response withoutBody(String method, UnaryOperator<String> headers) {
        if (method.equals("DELETE")) {
            String id = headers.apply(SESSION_HEADER);
            if (id == null) {
                return failure(400, JsonRpc.INVALID_REQUEST, "Bad Request: DELETE needs an Mcp-Session-Id header");
            }
            return server.terminate(id) ? new Response(204, Map.of(), null) : sessionNotFound(id);
        }
        // No server-to-client stream: this server never sends requests or notifications of its own.
        Response refused =
                failure(405, JsonRpc.INVALID_REQUEST, "Method Not Allowed: no server-to-client stream; POST messages");
        var allowFirst = new LinkedHashMap<String, String>();
        allowFirst.put("allow", ALLOW);
        allowFirst.putAll(refused.headers());
        return new Response(refused.status(), allowFirst, refused.body());
    }

    /** Answers a spec POST. Blocking: call from a virtual thread. */
    public Response post(UnaryOperator<String> headers, String body) {
        Accept accept = Accept.of(headers.apply("accept"));
        if (accept == Accept.NEITHER) {
            return failure(
                    406,
                    JsonRpc.INVALID_REQUEST,
                    "Not Acceptable: the client must accept application/json or text/event-stream");
        }
        String contentType = headers.apply("content-type");
        if (contentType != null && !contentType.isBlank() && !isJson(contentType)) {
            return failure(415, JsonRpc.INVALID_REQUEST, "Unsupported Media Type: the body must be application/json");
        }
        JsonNode node;
        try {
            node = WireJson.parse(body);
        } catch (JacksonException e) {
            return failure(400, JsonRpc.PARSE_ERROR, "Parse error");
        }
        if (node != null && node.isArray()) {
            return failure(
                    400,
                    JsonRpc.INVALID_REQUEST,
                    "Invalid request: JSON-RPC batches are not supported (MCP 2025-06-18 and later)");
        }
        McpMessage message = McpMessage.of(node);
        if (message instanceof McpMessage.Invalid invalid) {
            return failure(400, JsonRpc.INVALID_REQUEST, "Invalid request: " + invalid.reason());
        }
        String version = headers.apply(VERSION_HEADER);
        if (version != null && !McpWire.VERSIONS.contains(version.trim())) {
            return failure(
                    400,
                    JsonRpc.INVALID_REQUEST,
                    "Bad Request: unsupported MCP-Protocol-Version '" + version + "' (supported: "
                            + String.join(", ", McpWire.VERSIONS) + ")");
        }
        String sessionId = headers.apply(SESSION_HEADER);
        if (message instanceof McpMessage.Request init && init.method().equals("initialize") && sessionId == null) {
            McpServer.Opened opened = server.initialize(init.id(), init.params());
            return reply(accept, opened.response(), opened.sessionId());
        }
        if (sessionId == null) {
            return failure(
                    400, JsonRpc.INVALID_REQUEST, "Bad Request: missing Mcp-Session-Id header; send initialize first");
        }
        McpServer.SpecSession state = server.find(sessionId);
        if (state == null) {
            return sessionNotFound(sessionId);
        }
        if (version != null && !version.trim().equals(state.version())) {
            return failure(
                    400,
                    JsonRpc.INVALID_REQUEST,
                    "Bad Request: MCP-Protocol-Version '" + version
                            + "' differs from the session's negotiated version '" + state.version() + "'");
        }
        return switch (message) {
            case McpMessage.Notification notification -> {
                server.notify(state, notification);
                yield new Response(202, Map.of(), null);
            }
            case McpMessage.Response ignored -> new Response(202, Map.of(), null);
            case McpMessage.Request call -> {
                try {
                    yield reply(accept, server.answer(state, call), null);
                } catch (McpServer.SessionGone e) {
                    yield sessionNotFound(sessionId);
                }
            }
            case McpMessage.Invalid invalid -> throw new IllegalStateException(invalid.reason());
        };
    }

    private static Response reply(Accept accept, ObjectNode message, String sessionId) {
        var headers = new LinkedHashMap<String, String>();
        if (sessionId != null) {
            headers.put(SESSION_HEADER, sessionId);
        }
        String text = WireJson.write(message);
        if (accept == Accept.EVENT_STREAM) {
            headers.put("content-type", "text/event-stream");
            headers.put("cache-control", "no-cache");
            return new Response(200, headers, "event: message\ndata: " + text + "\n\n");
        }
        headers.put("content-type", "application/json");
        return new Response(200, headers, text);
    }

    private static Response sessionNotFound(String id) {
        LOG.debug("unknown MCP session {}", id);
        return failure(
                404,
                McpWire.SESSION_NOT_FOUND,
                "Session not found: it expired or was terminated; initialize a new session");
    }

    private static Response failure(int status, int code, String message) {
        return new Response(
                status,
                Map.of("content-type", "application/json"),
                WireJson.write(JsonRpc.error(null, code, message, null)));
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** How a reply may be written, from the request's {@code Accept} header. */
    private enum Accept {
        JSON,
        EVENT_STREAM,
        NEITHER;

        static Accept of(String header) {
            if (header == null || header.isBlank()) {
                return JSON;
            }
            boolean json = false;
            boolean events = false;
            for (String range : header.split(",")) {
                String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                switch (type) {
                    case "*/*" -> json = events = true;
                    case "application/json", "application/*" -> json = true;
                    case "text/event-stream", "text/*" -> events = true;
                    default -> {}
                }
            }
            return json ? JSON : events ? EVENT_STREAM : NEITHER;
        }
    }
}
