package io.openenv4j.mcp;

import io.openenv4j.wire.WireJson;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 messages as OpenEnv's {@code /mcp} routes read and write them: requests are checked
 * strictly (exact {@code jsonrpc}, string {@code method}, object {@code params}, string or integer {@code
 * id}, no other keys), and every response carries the request's id, or {@code null}.
 */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    public static final int SERVER_ERROR = -32000;

    private static final Set<String> REQUEST_KEYS = Set.of("jsonrpc", "method", "params", "id");

    private JsonRpc() {}

    /** A checked request. {@code id} is a JSON null node when the request had none. */
    public record Request(JsonNode id, String method, ObjectNode params) {}

    /** The outcome of parsing: a request, or the error response to send instead. */
    public sealed interface Parsed {}

    public record Valid(Request request) implements Parsed {}

    public record Rejected(ObjectNode response) implements Parsed {}

    /** Parses request text; a body that is not a JSON object (a batch included) is a parse error. */
    public static Parsed parse(String text) {
        JsonNode node;
        try {
            node = WireJson.parse(text);
        } catch (JacksonException e) {
            return new Rejected(error(null, PARSE_ERROR, "Parse error", null));
        }
        if (node == null || !node.isObject()) {
            return new Rejected(error(null, PARSE_ERROR, "Parse error", null));
        }
        return check(node);
    }

    /** Checks an already-parsed request object. */
    public static Parsed check(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Rejected(
                    error(null, INVALID_REQUEST, "Invalid request: the request must be a JSON object", null));
        }
        for (String key : node.propertyNames()) {
            if (!REQUEST_KEYS.contains(key)) {
                return invalid("'" + key + "': Extra inputs are not permitted");
            }
        }
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isString() || !version.stringValue().equals("2.0")) {
            return invalid("'jsonrpc': Input should be '2.0'");
        }
        JsonNode method = node.get("method");
        if (method == null || !method.isString()) {
            return invalid("'method': " + (method == null ? "Field required" : "Input should be a valid string"));
        }
        JsonNode params = node.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return invalid("'params': Input should be a valid dictionary");
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull() && !id.isString() && !id.isIntegralNumber()) {
            return invalid("'id': Input should be a valid string or integer");
        }
        return new Valid(new Request(
                id == null ? WireJson.mapper().nullNode() : id,
                method.stringValue(),
                params == null || params.isNull() ? WireJson.object() : (ObjectNode) params));
    }

    private static Rejected invalid(String detail) {
        return new Rejected(error(null, INVALID_REQUEST, "Invalid request: " + detail, null));
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        var response = WireJson.object();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? WireJson.mapper().nullNode() : id);
        response.set("result", result);
        return response;
    }

    /** The error response for a wire error (capacity, factory, session), rendered by {@link io.openenv4j.wire.WireErrors#jsonRpc}. */
    public static ObjectNode error(JsonNode id, io.openenv4j.wire.WireError error) {
        var response = WireJson.object();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? WireJson.mapper().nullNode() : id);
        response.set("error", io.openenv4j.wire.WireErrors.jsonRpc(error));
        return response;
    }

    /** An error response; {@code data} is always present ({@code null} when there is none). */
    public static ObjectNode error(JsonNode id, int code, String message, Object data) {
        var response = WireJson.object();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? WireJson.mapper().nullNode() : id);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.set("data", WireJson.mapper().valueToTree(data));
        return response;
    }
}
