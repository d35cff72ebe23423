package io.openenv4j.validate.internal;

import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random actions drawn from an action's JSON Schema: enums and consts are honoured, bounded numbers stay in
 * their bounds, unbounded integers are small, required properties only. Used when no oracle supplies the
 * action set (URL targets, environments without an oracle).
 */
final class ActionSampler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ActionSampler() {}

    /** Up to {@code count} distinct samples. */
    static List<JsonNode> samples(JsonNode schema, int count, long seed) {
        var random = new Random(seed);
        var distinct = new LinkedHashMap<String, JsonNode>();
        for (int i = 0; i < count * 4 && distinct.size() < count; i++) {
            JsonNode sample = sample(schema, schema, random, 0);
            distinct.putIfAbsent(sample.toString(), sample);
        }
        return new ArrayList<>(distinct.values());
    }

    /**
     * The do-nothing action: every required property at its zero value (0, false, "", [], the first enum
     * value or const, the first variant).
     */
    static JsonNode zero(JsonNode root, JsonNode schema, int depth) {
        if (depth > 6) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString("");
            return zero(root, root.path("$defs").path(ref.substring(ref.lastIndexOf('/') + 1)), depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.path(combinator).isArray() && !schema.get(combinator).isEmpty()) {
                return zero(root, schema.get(combinator).get(0), depth + 1);
            }
        }
        String type = schema.path("type").isArray()
                ? firstNonNull(schema.get("type"))
                : schema.path("type").asString("object");
        return switch (type) {
            case "integer" -> NODES.numberNode(0);
            case "number" -> NODES.numberNode(0.0);
            case "boolean" -> NODES.booleanNode(false);
            case "string" -> NODES.stringNode("");
            case "array" -> NODES.arrayNode();
            case "null" -> NODES.nullNode();
            default -> {
                ObjectNode object = WireJson.object();
                for (JsonNode required : schema.path("required")) {
                    String name = required.asString("");
                    object.set(name, zero(root, schema.path("properties").path(name), depth + 1));
                }
                yield object;
            }
        };
    }

    static JsonNode sample(JsonNode root, JsonNode schema, Random random, int depth) {
        if (depth > 6) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString("");
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            return sample(root, root.path("$defs").path(name), random, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            JsonNode variants = schema.path(combinator);
            if (variants.isArray() && !variants.isEmpty()) {
                var nonNull = new ArrayList<JsonNode>();
                variants.forEach(variant -> {
                    if (!"null".equals(variant.path("type").asString(""))) {
                        nonNull.add(variant);
                    }
                });
                var pick = nonNull.isEmpty() ? variants.get(0) : nonNull.get(random.nextInt(nonNull.size()));
                return sample(root, pick, random, depth + 1);
            }
        }
        String type = schema.path("type").isArray()
                ? firstNonNull(schema.get("type"))
                : schema.path("type").asString("object");
        return switch (type) {
            case "integer" -> NODES.numberNode(bounded(schema, random, true).longValue());
            case "number" -> NODES.numberNode(bounded(schema, random, false).doubleValue());
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "string" -> NODES.stringNode(word(schema, random));
            case "array" -> NODES.arrayNode();
            case "null" -> NODES.nullNode();
            default -> object(root, schema, random, depth);
        };
    }

    private static ObjectNode object(JsonNode root, JsonNode schema, Random random, int depth) {
        ObjectNode object = WireJson.object();
        var required = new java.util.HashSet<String>();
        schema.path("required").forEach(name -> required.add(name.asString("")));
        for (String name : schema.path("properties").propertyNames()) {
            // optional properties too: Java schemas mark only primitives required; metadata is never needed
            if (name.equals("metadata") || (!required.contains(name) && random.nextInt(4) == 0)) {
                continue;
            }
            object.set(name, sample(root, schema.path("properties").path(name), random, depth + 1));
        }
        return object;
    }

    /** A word from the property's description (which often lists the valid values), else a stock word. */
    private static String word(JsonNode schema, Random random) {
        var words = new ArrayList<String>();
        for (String token : schema.path("description")
                .asString("")
                .toLowerCase(java.util.Locale.ROOT)
                .split("[^a-z0-9]+")) {
            if (token.length() >= 2
                    && !List.of("or", "and", "the", "is", "to", "of", "an", "as", "on", "in")
                            .contains(token)) {
                words.add(token);
            }
        }
        if (words.isEmpty() || random.nextInt(5) == 0) {
            words.addAll(List.of("a", "up", "left", "look", "crane"));
        }
        return words.get(random.nextInt(words.size()));
    }

    private static Number bounded(JsonNode schema, Random random, boolean integral) {
        double low = schema.has("minimum") ? schema.get("minimum").asDouble() : 0;
        double high = schema.has("maximum") ? schema.get("maximum").asDouble() : (integral ? 3 : 1);
        if (integral) {
            return (long) low + random.nextInt((int) Math.max(1, high - low + 1));
        }
        return low + random.nextDouble() * (high - low);
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode type : types) {
            if (!"null".equals(type.asString(""))) {
                return type.asString("");
            }
        }
        return "null";
    }
}
