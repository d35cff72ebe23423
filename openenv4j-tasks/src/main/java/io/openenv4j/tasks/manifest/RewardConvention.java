package io.openenv4j.tasks.manifest;

import java.util.Map;

/**
 * The {@code reward} block: how the environment's reward is shaped when it is not a plain scalar.
 *
 * @param type {@code scalar} (one number per step) or {@code object} (named components)
 * @param min the lowest reward, or null
 * @param max the highest reward, or null
 * @param settings every field as plain values
 */
public record RewardConvention(String type, Double min, Double max, Map<String, Object> settings) {

    public RewardConvention {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    @SuppressWarnings("unchecked")
    static RewardConvention from(Node node) {
        node.mapping();
        String type = node.has("type") ? node.field("type").text() : "scalar";
        if (!type.equals("scalar") && !type.equals("object")) {
            throw new ManifestException(node.child("type"), "expected scalar or object, got '" + type + "'");
        }
        Double min = node.has("min") ? node.field("min").number() : null;
        Double max = node.has("max") ? node.field("max").number() : null;
        if (min != null && max != null && min > max) {
            throw new ManifestException(node.child("max"), "is below min (" + min + ")");
        }
        return new RewardConvention(type, min, max, (Map<String, Object>) node.plain());
    }
}
