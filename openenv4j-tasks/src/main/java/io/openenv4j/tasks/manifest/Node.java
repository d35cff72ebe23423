package io.openenv4j.tasks.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A YAML node with the path it was reached by, so every refusal can name the field. */
record Node(JsonNode json, String path) {

    static final String MAPPING = "expected a mapping";

    String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        JsonNode v = json.get(name);
        return v != null && !v.isNull();
    }

    Node mapping() {
        if (!json.isObject()) {
            throw new ManifestException(path, MAPPING + ", got " + kind(json));
        }
        return this;
    }

    Node field(String name) {
        return new Node(json.get(name), child(name));
    }

    Optional<Node> optional(String name) {
        return has(name) ? Optional.of(field(name)) : Optional.empty();
    }

    Node required(String name) {
        if (!has(name)) {
            throw new ManifestException(child(name), "required field is missing");
        }
        return field(name);
    }

    String text() {
        if (!json.isString()) {
            throw new ManifestException(path, "expected a string, got " + kind(json));
        }
        return json.asString();
    }

    String nonBlankText() {
        String s = text();
        if (s.isBlank()) {
            throw new ManifestException(path, "must not be empty");
        }
        return s;
    }

    String optionalText(String name) {
        return has(name) ? field(name).text() : null;
    }

    List<Node> list() {
        if (!json.isArray()) {
            throw new ManifestException(path, "expected a list, got " + kind(json));
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    List<String> textList() {
        List<String> out = new ArrayList<>();
        for (Node n : list()) {
            out.add(n.nonBlankText());
        }
        return List.copyOf(out);
    }

    Map<String, Node> entries() {
        mapping();
        Map<String, Node> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            out.put(e.getKey(), new Node(e.getValue(), child(e.getKey())));
        }
        return out;
    }

    double number() {
        if (!json.isNumber()) {
            throw new ManifestException(path, "expected a number, got " + kind(json));
        }
        double value = json.asDouble();
        if (!Double.isFinite(value)) {
            throw new ManifestException(path, "expected a finite number, got " + json);
        }
        return value;
    }

    boolean bool() {
        if (!json.isBoolean()) {
            throw new ManifestException(path, "expected true or false, got " + kind(json));
        }
        return json.asBoolean();
    }

    /** The node as plain Java values (maps, lists, strings, numbers, booleans). */
    Object plain() {
        if (json.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : entries().entrySet()) {
                out.put(e.getKey(), e.getValue().plain());
            }
            return out;
        }
        if (json.isArray()) {
            return list().stream().map(Node::plain).toList();
        }
        if (json.isIntegralNumber()) {
            // Past 64 bits asLong() throws; such a number is kept whole rather than failing the manifest.
            return json.canConvertToLong() ? (Object) json.asLong() : json.bigIntegerValue();
        }
        if (json.isNumber()) {
            return json.asDouble();
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        return json.isNull() ? null : json.asString();
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isNumber()) {
            return "a number (" + n + ")";
        }
        if (n.isBoolean()) {
            return "a boolean (" + n + ")";
        }
        return "a string ('" + n.asString() + "')";
    }
}
