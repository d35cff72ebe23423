package io.openenv4j.validate.internal;

import io.openenv4j.wire.WireJson;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The observation fields a server declares as live measurements ({@code measured_fields} in
 * {@code GET /metadata}), and how trajectories are compared without them: every value under one of these
 * keys, at any depth and inside JSON text carried in a string (an MCP tool result's text content), is
 * replaced by {@code "<measured>"}. Undeclared fields are compared as sent.
 */
record Measured(Set<String> fields) {

    static final Measured NONE = new Measured(Set.of());
    static final String PLACEHOLDER = "<measured>";

    Measured {
        fields = Set.copyOf(fields);
    }

    /** What {@code target} declares; none when {@code /metadata} is unreadable or declares nothing. */
    static Measured declaredBy(Target target) {
        var answer = target.get("/metadata");
        if (!answer.ok() || !answer.json().path("measured_fields").isArray()) {
            return NONE;
        }
        var names = new java.util.HashSet<String>();
        answer.json().path("measured_fields").forEach(node -> {
            if (node.isString() && !node.asString().isBlank()) {
                names.add(node.asString());
            }
        });
        return new Measured(names);
    }

    /** {@code node} with the measured values blanked; {@code node} itself when nothing is declared. */
    JsonNode blank(JsonNode node) {
        return fields.isEmpty() || node == null ? node : blankCopy(node);
    }

    private JsonNode blankCopy(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = WireJson.object();
            for (var entry : node.properties()) {
                copy.set(entry.getKey(), fields.contains(entry.getKey()) ? StringNode.valueOf(PLACEHOLDER) : blankCopy(entry.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = WireJson.mapper().createArrayNode();
            node.forEach(item -> copy.add(blankCopy(item)));
            return copy;
        }
        if (node.isString()) {
            String text = node.asString();
            String trimmed = text.strip();
            if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && fields.stream().anyMatch(text::contains)) {
                try {
                    return StringNode.valueOf(WireJson.write(blankCopy(WireJson.parse(text))));
                } catch (JacksonException notJson) {
                    return node;
                }
            }
        }
        return node;
    }
}
