package io.openenv4j.wire;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message the server sends on {@code /ws}: {@code {"type":…,"data":…}}, one per client message (but
 * none for {@code close}), or unsolicited before a session-ending error.
 */
public sealed interface ServerMessage {

    /** The reply to {@code reset} and {@code step}: a step payload. */
    record Observation(ObjectNode data) implements ServerMessage {}

    /** The reply to {@code state}. */
    record State(JsonNode data) implements ServerMessage {}

    /** The reply to {@code mcp}: a JSON-RPC response. */
    record Mcp(JsonNode data) implements ServerMessage {}

    /** An error. */
    record Error(WireError error) implements ServerMessage {}

    /** A message type this version does not know (client side); kept whole. */
    record Unknown(String type, JsonNode data) implements ServerMessage {}

    default String toJson() {
        var node = WireJson.object();
        switch (this) {
            case Observation o -> node.put("type", "observation").set("data", o.data());
            case State s -> node.put("type", "state").set("data", s.data());
            case Mcp m -> node.put("type", "mcp").set("data", m.data());
            case Error e -> {
                node.put("type", "error");
                ObjectNode data = node.putObject("data");
                data.put("message", e.error().message());
                data.put("code", e.error().code().name());
                e.error()
                        .extras()
                        .forEach((key, value) -> data.set(key, WireJson.mapper().valueToTree(value)));
            }
            case Unknown u -> node.put("type", u.type()).set("data", u.data());
        }
        return WireJson.write(node);
    }

    /**
     * Parses a server frame (client side), tolerating unknown keys.
     *
     * @throws tools.jackson.core.JacksonException when the text is not JSON
     */
    static ServerMessage parse(String text) {
        JsonNode node = WireJson.parse(text);
        String type = node.path("type").asString("");
        JsonNode data = node.path("data");
        return switch (type) {
            case "observation" -> new Observation(data.isObject() ? (ObjectNode) data : WireJson.object());
            case "state" -> new State(data);
            case "mcp" -> new Mcp(data);
            case "error" -> {
                ErrorCode code = ErrorCode.fromWire(data.path("code").asString(""));
                var extras = new java.util.LinkedHashMap<String, Object>();
                data.properties().forEach(entry -> {
                    if (!entry.getKey().equals("code") && !entry.getKey().equals("message")) {
                        extras.put(entry.getKey(), WireJson.toPlain(entry.getValue()));
                    }
                });
                if (code == null) {
                    extras.put("code", data.path("code").asString(""));
                    code = ErrorCode.SESSION_ERROR;
                }
                yield new Error(new WireError(code, data.path("message").asString(""), extras));
            }
            default -> new Unknown(type, data);
        };
    }
}
