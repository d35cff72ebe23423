package io.openenv4j.wire;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place a {@link WireError} is rendered for a transport: as a WebSocket error frame, as an HTTP
 * status and body, or as a JSON-RPC error object. Transports never build error replies themselves, so a
 * refusal (capacity, factory) reads the same on every route that can give it.
 */
public final class WireErrors {

    /** JSON-RPC's "server error" code, which the reference uses for capacity and factory failures. */
    public static final int JSON_RPC_SERVER_ERROR = -32000;

    private WireErrors() {}

    /** An HTTP reply: status, JSON body and extra headers (lower-case names). */
    public record HttpError(int status, String body, Map<String, String> headers) {
        public HttpError {
            headers = Map.copyOf(headers);
        }
    }

    /** The {@code /ws} (and {@code /ws/batch}) error frame: {@code {"type":"error","data":{"message","code",…extras}}}. */
    public static String frame(WireError error) {
        return new ServerMessage.Error(error).toJson();
    }

    /** The {@code data} of an error frame: {@code {"message","code",…extras}} (one entry of a batch reply). */
    public static ObjectNode frameData(WireError error) {
        var data = WireJson.object();
        data.put("message", error.message());
        data.put("code", error.code().name());
        error.extras().forEach((key, value) -> data.set(key, WireJson.mapper().valueToTree(value)));
        return data;
    }

    /**
     * The HTTP form, as the reference's routes answer: a validation error is 422 with the issues as {@code
     * detail}; capacity 503 (with {@code retry-after}); a reward provider failure 502 with {@code detail},
     * {@code code} and the extras; every other error its status and {@code {"detail": message}}.
     */
    public static HttpError http(WireError error) {
        return switch (error.code()) {
            case VALIDATION_ERROR ->
                new HttpError(422, detail(error.extras().getOrDefault("errors", List.of())), Map.of());
            case CAPACITY_REACHED -> new HttpError(503, detail(error.message()), Map.of("retry-after", "1"));
            case REWARD_ERROR -> {
                var body = new java.util.LinkedHashMap<String, Object>();
                body.put("detail", error.message());
                body.put("code", error.code().name());
                body.putAll(error.extras());
                yield new HttpError(502, WireJson.write(body), Map.of());
            }
            case INVALID_JSON, UNKNOWN_TYPE -> new HttpError(400, detail(error.message()), Map.of());
            case FACTORY_ERROR, EXECUTION_ERROR, SESSION_ERROR -> new HttpError(500, detail(error.message()), Map.of());
        };
    }

    /** HTTP 422 for issues in a request body, located under {@code body} as FastAPI reports them. */
    public static HttpError httpBodyInvalid(List<ValidationIssue> issues) {
        return http(WireError.validation(
                issues.stream().map(issue -> issue.under("body")).toList()));
    }

    /** HTTP 504 for a call past the server's step timeout (the reference has none; ours says which). */
    public static HttpError httpTimedOut(Duration limit) {
        return new HttpError(
                504,
                detail("The call ran longer than the server's step timeout of " + limit.toSeconds()
                        + " s and was cancelled"),
                Map.of());
    }

    /**
     * The JSON-RPC error object {@code {"code":-32000,"message":…,"data":…}}: the extras are the data ({@code
     * null} when there are none), as the reference's MCP endpoints report capacity and factory failures.
     */
    public static ObjectNode jsonRpc(WireError error) {
        var node = WireJson.object();
        node.put("code", JSON_RPC_SERVER_ERROR);
        node.put("message", error.message());
        node.set("data", WireJson.mapper().valueToTree(error.extras().isEmpty() ? null : error.extras()));
        return node;
    }

    private static String detail(Object detail) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("detail", detail);
        return WireJson.write(body);
    }
}
