package io.openenv4j.mcp;

import io.openenv4j.wire.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC message as the MCP specification (2025-06-18 and later) reads it: a request (with an id, which
 * must be a string or an integer and never {@code null}), a notification (no id), a response to a request the
 * server sent, or something invalid. Unknown keys are ignored; {@code params} must be an object when present.
 */
public sealed interface McpMessage {

    /** A request; {@code params} is empty when none was sent. */
    record Request(JsonNode id, String method, ObjectNode params) implements McpMessage {}

    /** A notification: no reply is due. */
    record Notification(String method, ObjectNode params) implements McpMessage {}

    /** A response (result or error) to a server-to-client request. */
    record Response(JsonNode id) implements McpMessage {}

    /** Not a JSON-RPC message; {@code reason} says why. */
    record Invalid(String reason) implements McpMessage {}

    /** Classifies a parsed JSON value. */
    static McpMessage of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Invalid("a message must be a JSON object");
        }
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isString() || !version.stringValue().equals("2.0")) {
            return new Invalid("'jsonrpc' must be \"2.0\"");
        }
        JsonNode id = node.get("id");
        boolean hasId = id != null;
        if (hasId && !id.isString() && !id.isIntegralNumber()) {
            return new Invalid("'id' must be a string or an integer");
        }
        JsonNode method = node.get("method");
        if (method == null) {
            if (hasId && (node.has("result") || node.has("error"))) {
                return new Response(id);
            }
            return new Invalid("'method' is required");
        }
        if (!method.isString()) {
            return new Invalid("'method' must be a string");
        }
        JsonNode params = node.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return new Invalid("'params' must be an object");
        }
        ObjectNode checked = params == null || params.isNull() ? WireJson.object() : (ObjectNode) params;
        return hasId ? new Request(id, method.stringValue(), checked) : new Notification(method.stringValue(), checked);
    }
}
