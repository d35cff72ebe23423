package io.openenv4j.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message a client sends on {@code /ws}: {@code {"type":…,"data":…}}. {@link #parse(String)} turns any
 * text into one of these; input that is not a valid message becomes {@link Invalid} with the error frame
 * to send, so the caller never has to catch anything.
 */
public sealed interface ClientMessage {

    /** {@code {"type":"reset","data":{…}}}; data defaults to {@code {}}. */
    record Reset(ObjectNode data) implements ClientMessage {}

    /** {@code {"type":"step","data":<action>}}. */
    record Step(ObjectNode data) implements ClientMessage {}

    /** {@code {"type":"state"}}. */
    record State() implements ClientMessage {}

    /** {@code {"type":"close"}}: the client ends the session; no reply. */
    record Close() implements ClientMessage {}

    /** {@code {"type":"mcp","data":<JSON-RPC request>}}. */
    record Mcp(JsonNode data) implements ClientMessage {}

    /** Anything else; {@code error} is the reply to send, and the session continues. */
    record Invalid(WireError error) implements ClientMessage {}

    /** Parses one text frame. */
    static ClientMessage parse(String text) {
        JsonNode node;
        try {
            node = WireJson.parse(text);
        } catch (JacksonException e) {
            return new Invalid(WireError.invalidJson(WireJson.describe(e)));
        }
        if (node == null || node.isMissingNode()) {
            return new Invalid(WireError.invalidJson("no JSON value in the frame"));
        }
        if (!node.isObject()) {
            return new Invalid(WireError.validation(List.of(new ValidationIssue(
                    "model_type",
                    List.of(),
                    "Input should be a valid dictionary: a message is a JSON object",
                    WireJson.toPlain(node)))));
        }
        JsonNode typeNode = node.get("type");
        String type = typeNode == null || typeNode.isNull()
                ? ""
                : typeNode.isString() ? typeNode.stringValue() : typeNode.toString();
        return switch (type) {
            case "reset" ->
                envelope(node, true, false).orElse(() -> {
                    JsonNode data = node.get("data");
                    return new Reset(data == null ? WireJson.object() : (ObjectNode) data);
                });
            case "step" -> envelope(node, true, true).orElse(() -> new Step((ObjectNode) node.get("data")));
            case "state" -> envelope(node, false, false).orElse(State::new);
            case "close" -> envelope(node, false, false).orElse(Close::new);
            case "mcp" -> envelope(node, true, true).orElse(() -> new Mcp(node.get("data")));
            default -> new Invalid(WireError.unknownType(type));
        };
    }

    /** The wire form of this message (client side). */
    default String toJson() {
        var node = WireJson.object();
        switch (this) {
            case Reset reset -> node.put("type", "reset").set("data", reset.data());
            case Step step -> node.put("type", "step").set("data", step.data());
            case State ignored -> node.put("type", "state");
            case Close ignored -> node.put("type", "close");
            case Mcp mcp -> node.put("type", "mcp").set("data", mcp.data());
            case Invalid invalid -> throw new IllegalStateException("an invalid message is never sent");
        }
        return WireJson.write(node);
    }

    private static Check envelope(JsonNode node, boolean takesData, boolean dataRequired) {
        var issues = new ArrayList<ValidationIssue>();
        Set<String> allowed = takesData ? Set.of("type", "data") : Set.of("type");
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                issues.add(new ValidationIssue(
                        "extra_forbidden",
                        List.of(key),
                        "Extra inputs are not permitted",
                        WireJson.toPlain(node.get(key))));
            }
        }
        JsonNode data = node.get("data");
        if (takesData) {
            if (data == null) {
                if (dataRequired) {
                    issues.add(
                            new ValidationIssue("missing", List.of("data"), "Field required", WireJson.toPlain(node)));
                }
            } else if (!data.isObject()) {
                issues.add(new ValidationIssue(
                        "dict_type", List.of("data"), "Input should be a valid dictionary", WireJson.toPlain(data)));
            }
        }
        return new Check(issues);
    }

    /** The outcome of an envelope check. */
    record Check(List<ValidationIssue> issues) {
        ClientMessage orElse(java.util.function.Supplier<ClientMessage> valid) {
            return issues.isEmpty() ? valid.get() : new Invalid(WireError.validation(issues));
        }
    }
}
