package io.openenv4j.validate;

import io.openenv4j.wire.WireJson;
import java.util.Collection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * How trajectories are compared without an environment's declared measured fields
 * ({@code EnvironmentMetadata.measuredFields()}, {@code measured_fields} in {@code GET /metadata}): every
 * value under one of those keys, at any depth and inside JSON text carried in a string (an MCP tool result's
 * text content), is replaced by {@value #PLACEHOLDER}. Everything else is left as sent.
 */
public final class MeasuredFields {

    public static final String PLACEHOLDER = "<measured>";

    private MeasuredFields() {}

    /** A copy of {@code node} with the measured values blanked; {@code node} itself when none are named. */
    public static JsonNode blank(JsonNode node, Collection<String> fields) {
        return fields.isEmpty() || node == null ? node : copy(node, fields);
    }

    private static JsonNode copy(JsonNode node, Collection<String> fields) {
        if (node.isObject()) {
            ObjectNode copy = WireJson.object();
            for (var entry : node.properties()) {
                copy.set(
                        entry.getKey(),
                        fields.contains(entry.getKey())
                                ? StringNode.valueOf(PLACEHOLDER)
                                : copy(entry.getValue(), fields));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = WireJson.mapper().createArrayNode();
            node.forEach(item -> copy.add(copy(item, fields)));
            return copy;
        }
        if (node.isString()) {
            String text = node.asString();
            String trimmed = text.strip();
            if ((trimmed.startsWith("{") || trimmed.startsWith("["))
                    && fields.stream().anyMatch(text::contains)) {
                try {
                    return StringNode.valueOf(WireJson.write(copy(WireJson.parse(text), fields)));
                } catch (JacksonException notJson) {
                    return node;
                }
            }
        }
        return node;
    }
}
