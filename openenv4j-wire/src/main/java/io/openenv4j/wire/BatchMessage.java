package io.openenv4j.wire;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A message a client sends on {@code /ws/batch?envs=N} (docs/protocol.md, "Batched stepping"): {@code
 * {"type":…,"data":…}} where {@code step} carries {@code data.actions} and {@code reset} {@code
 * data.requests}, lists of N objects or nulls. {@link #parse} turns any text into one of these; input that
 * is not a valid message becomes {@link Invalid} with the error to send.
 */
public sealed interface BatchMessage {

    /** {@code {"type":"step","data":{"actions":[…]}}}: N entries, each an object or null (not stepped). */
    record Step(JsonNode actions) implements BatchMessage {}

    /**
     * {@code {"type":"reset","data":{"requests":[…]}}}; {@code requests} {@code null} when the data was
     * missing or empty: every environment is reset without options.
     */
    record Reset(JsonNode requests) implements BatchMessage {}

    /** {@code {"type":"state"}}. */
    record State() implements BatchMessage {}

    /** {@code {"type":"close"}}: ends every environment of the socket; no reply. */
    record Close() implements BatchMessage {}

    /** Anything else: {@code error} is the reply to send. */
    record Invalid(WireError error) implements BatchMessage {}

    /** Parses one text frame of a socket driving {@code envs} environments. */
    static BatchMessage parse(String text, int envs) {
        JsonNode node;
        try {
            node = WireJson.parse(text);
        } catch (JacksonException e) {
            return new Invalid(WireError.invalidJson(WireJson.describe(e)));
        }
        if (node == null || !node.isObject()) {
            return invalid(issue("model_type", List.of(), "a message is a JSON object", node));
        }
        JsonNode type = node.get("type");
        JsonNode data = node.get("data");
        String kind = type != null && type.isString() ? type.stringValue() : "";
        for (String key : node.propertyNames()) {
            if (!key.equals("type") && !key.equals("data")) {
                return invalid(issue("extra_forbidden", List.of(key), "Extra inputs are not permitted", node.get(key)));
            }
        }
        return switch (kind) {
            case "step" -> {
                Invalid problem = listProblem(data, "actions", envs);
                yield problem != null ? problem : new Step(data.get("actions"));
            }
            case "reset" -> {
                if (data == null || (data.isObject() && data.isEmpty())) {
                    yield new Reset(null);
                }
                Invalid problem = listProblem(data, "requests", envs);
                yield problem != null ? problem : new Reset(data.get("requests"));
            }
            case "state" -> new State();
            case "close" -> new Close();
            default -> new Invalid(WireError.unknownType(kind));
        };
    }

    /** Null when {@code data.name} is a list of N objects or nulls (and nothing else is in data); else the error. */
    private static Invalid listProblem(JsonNode data, String name, int envs) {
        if (data == null || !data.isObject()) {
            return invalid(issue("dict_type", List.of("data"), "Input should be a valid dictionary", data));
        }
        for (String key : data.propertyNames()) {
            if (!key.equals(name)) {
                return invalid(issue(
                        "extra_forbidden", List.of("data", key), "Extra inputs are not permitted", data.get(key)));
            }
        }
        JsonNode list = data.get(name);
        if (list == null || !list.isArray() || list.size() != envs) {
            return invalid(issue(
                    "list_type",
                    List.of("data", name),
                    "Input should be a list of " + envs + " objects or nulls",
                    list));
        }
        return null;
    }

    private static Invalid invalid(ValidationIssue issue) {
        return new Invalid(WireError.validation(List.of(issue)));
    }

    private static ValidationIssue issue(String type, List<Object> loc, String message, JsonNode input) {
        return new ValidationIssue(type, loc, message, input == null ? null : WireJson.toPlain(input));
    }
}
