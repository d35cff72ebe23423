package io.openenv4j.validate.internal;

import io.openenv4j.validate.MeasuredFields;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The observation fields a server declares as live measurements ({@code measured_fields} in
 * {@code GET /metadata}); trajectories are compared with them blanked by {@link MeasuredFields#blank}.
 */
record Measured(Set<String> fields) {

    static final Measured NONE = new Measured(Set.of());
    static final String PLACEHOLDER = MeasuredFields.PLACEHOLDER;

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
        return MeasuredFields.blank(node, fields);
    }
}
