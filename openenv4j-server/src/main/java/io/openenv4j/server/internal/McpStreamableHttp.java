package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.McpWire;
import io.openenv4j.server.McpOptions;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spec-compliant MCP over the Streamable HTTP transport (revisions 2025-06-18 and 2025-11-25), served on
 * {@code /mcp} beside OpenEnv's dialect. A request is spec MCP when it carries an {@code Mcp-Session-Id} or
 * {@code MCP-Protocol-Version} header, or is a POST of an {@code initialize} request; the reference's clients
 * send none of these (and the reference answers {@code initialize} with -32601), so they keep seeing the
 * dialect unchanged.
 *
 * <p>POST carries one JSON-RPC message: requests are answered as {@code application/json} (or as a one-event
 * {@code text/event-stream} when the client accepts only that), notifications and responses with 202 and no
 * body. GET answers 405 (no server-to-client stream: the server never sends requests or notifications). DELETE
 * ends the session. Transport failures are HTTP statuses with a JSON-RPC error body whose id is {@code
 * null}: 400 (parse error, invalid message, batch, missing session header, unsupported protocol version), 403
 * (origin not allowed), 404 (unknown or ended session), 406 (unacceptable {@code Accept}), 415 (body not
 * JSON). Thread-safe.
 */
final class McpStreamableHttp<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(McpStreamableHttp.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String ALLOW = "POST, DELETE";

    private final McpOptions options;
    private final McpSpecSessions<A, O, S> sessions;

    McpStreamableHttp(EnvSpec<A, O, S> spec, SessionEngine<A, O, S> engine, McpOptions options) {
        this.options = options;
        this.sessions = new McpSpecSessions<>(engine, options);
    }

    /** Whether the request's headers make it spec MCP, whatever its body. */
    static boolean claimsByHeaders(HttpServerRequest request) {
        return request.getHeader(SESSION_HEADER) != null || request.getHeader(VERSION_HEADER) != null;
    }

    /** Whether a POST body is a spec MCP {@code initialize} (a JSON object whose method is {@code initialize}). */
    static boolean isInitialize(String body) {
        if (!body.contains("\"initialize\"")) {
            return false;
        }
        try {
            JsonNode node = WireJson.parse(body);
            return node != null && node.isObject() && node.path("method").asString("").equals("initialize");
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Answers a spec request that has no body to read (GET, DELETE, other methods). On the event loop. */
    void handleWithoutBody(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (!options.allowsOrigin(request.getHeader("origin"))) {
            forbidden(response);
            return;
        }
        if (request.method().equals(HttpMethod.DELETE)) {
            String id = request.getHeader(SESSION_HEADER);
            if (id == null) {
                failure(response, 400, JsonRpc.INVALID_REQUEST, "Bad Request: DELETE needs an Mcp-Session-Id header");
            } else if (sessions.terminate(id)) {
                response.setStatusCode(204).end();
            } else {
                sessionNotFound(response, id);
            }
            return;
        }
        // No server-to-client stream: this server never sends requests or notifications of its own.
        response.putHeader("allow", ALLOW);
        failure(response, 405, JsonRpc.INVALID_REQUEST, "Method Not Allowed: no server-to-client stream; POST messages");
    }

    /** Answers a spec POST. Blocking: call from a virtual thread. */
    void post(HttpServerRequest request, String body) {
        HttpServerResponse response = request.response();
        if (!options.allowsOrigin(request.getHeader("origin"))) {
            forbidden(response);
            return;
        }
        Accept accept = Accept.of(request.getHeader("accept"));
        if (accept == Accept.NEITHER) {
            failure(response, 406, JsonRpc.INVALID_REQUEST,
                    "Not Acceptable: the client must accept application/json or text/event-stream");
            return;
        }
        String contentType = request.getHeader("content-type");
        if (contentType != null && !contentType.isBlank() && !isJson(contentType)) {
            failure(response, 415, JsonRpc.INVALID_REQUEST, "Unsupported Media Type: the body must be application/json");
            return;
        }
        JsonNode node;
        try {
            node = WireJson.parse(body);
        } catch (JacksonException e) {
            failure(response, 400, JsonRpc.PARSE_ERROR, "Parse error");
            return;
        }
        if (node != null && node.isArray()) {
            failure(response, 400, JsonRpc.INVALID_REQUEST,
                    "Invalid request: JSON-RPC batches are not supported (MCP 2025-06-18 and later)");
            return;
        }
        McpMessage message = McpMessage.of(node);
        if (message instanceof McpMessage.Invalid invalid) {
            failure(response, 400, JsonRpc.INVALID_REQUEST, "Invalid request: " + invalid.reason());
            return;
        }
        String version = request.getHeader(VERSION_HEADER);
        if (version != null && !McpWire.VERSIONS.contains(version.trim())) {
            failure(response, 400, JsonRpc.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version '" + version
                    + "' (supported: " + String.join(", ", McpWire.VERSIONS) + ")");
            return;
        }
        String sessionId = request.getHeader(SESSION_HEADER);
        if (message instanceof McpMessage.Request init && init.method().equals("initialize") && sessionId == null) {
            McpSpecSessions.Opened opened = sessions.initialize(init.id(), init.params());
            if (opened.sessionId() != null) {
                response.putHeader(SESSION_HEADER, opened.sessionId());
            }
            reply(response, accept, opened.response());
            return;
        }
        if (sessionId == null) {
            failure(response, 400, JsonRpc.INVALID_REQUEST,
                    "Bad Request: missing Mcp-Session-Id header; send initialize first");
            return;
        }
        McpSpecSessions.SpecSession state = sessions.find(sessionId);
        if (state == null) {
            sessionNotFound(response, sessionId);
            return;
        }
        if (version != null && !version.trim().equals(state.version)) {
            failure(response, 400, JsonRpc.INVALID_REQUEST, "Bad Request: MCP-Protocol-Version '" + version
                    + "' differs from the session's negotiated version '" + state.version + "'");
            return;
        }
        switch (message) {
            case McpMessage.Notification notification -> {
                sessions.notify(state, notification);
                response.setStatusCode(202).end();
            }
            case McpMessage.Response ignored -> response.setStatusCode(202).end();
            case McpMessage.Request call -> {
                try {
                    reply(response, accept, sessions.answer(state, call));
                } catch (McpSpecSessions.SessionGone e) {
                    sessionNotFound(response, sessionId);
                }
            }
            case McpMessage.Invalid invalid -> throw new IllegalStateException(invalid.reason());
        }
    }

    private static void reply(HttpServerResponse response, Accept accept, ObjectNode message) {
        String text = WireJson.write(message);
        if (accept == Accept.EVENT_STREAM) {
            response.setStatusCode(200).putHeader("content-type", "text/event-stream")
                    .putHeader("cache-control", "no-cache").end("event: message\ndata: " + text + "\n\n");
        } else {
            response.setStatusCode(200).putHeader("content-type", "application/json").end(text);
        }
    }

    static void forbidden(HttpServerResponse response) {
        failure(response, 403, JsonRpc.INVALID_REQUEST, "Forbidden: origin not allowed");
    }

    private static void sessionNotFound(HttpServerResponse response, String id) {
        LOG.debug("unknown MCP session {}", id);
        failure(response, 404, McpWire.SESSION_NOT_FOUND,
                "Session not found: it expired or was terminated; initialize a new session");
    }

    private static void failure(HttpServerResponse response, int status, int code, String message) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json")
                .end(WireJson.write(JsonRpc.error(null, code, message, null)));
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** How a reply may be written, from the request's {@code Accept} header. */
    private enum Accept {
        JSON, EVENT_STREAM, NEITHER;

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
                    default -> { }
                }
            }
            return json ? JSON : events ? EVENT_STREAM : NEITHER;
        }
    }
}
