package io.openenv4j.rewards;

import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;

/** 1 when the selected value satisfies a JSON Schema subset, else 0. */
record JsonSchemaRubric(String name, Selector actual, Map<String, Object> schema) implements Rubric {

    JsonSchemaRubric {
        Objects.requireNonNull(name, "name");
        schema = Map.copyOf(schema);
    }

    @Override
    public Score score(Trajectory trajectory) {
        Object value = actual.select(trajectory);
        if (value instanceof String text
                && (text.strip().startsWith("{") || text.strip().startsWith("["))) {
            try {
                value = WireJson.toPlain(WireJson.parse(text));
            } catch (JacksonException e) {
                // not JSON after all: validate the text itself
            }
        }
        var violations = violations(value, schema, "$");
        return new Score(
                violations.isEmpty() ? 1.0 : 0.0,
                Map.of("violations", (double) violations.size()),
                Provenance.of(this, Map.of("schema", schema), null));
    }

    /** Where {@code value} breaks {@code schema}, as {@code path: reason} lines; empty when it conforms. */
    static List<String> violations(Object value, Map<?, ?> schema, String path) {
        var out = new ArrayList<String>();
        Object type = schema.get("type");
        if (type instanceof String t && !hasType(value, t)) {
            out.add(path + ": expected " + t);
            return out;
        }
        if (schema.get("enum") instanceof List<?> options
                && options.stream().noneMatch(o -> Matching.EXACT.matches(value, o))) {
            out.add(path + ": not one of " + options);
        }
        if (value instanceof Number n) {
            if (Rubrics.number(schema.get("minimum")) instanceof Double min && n.doubleValue() < min) {
                out.add(path + ": below minimum " + min);
            }
            if (Rubrics.number(schema.get("maximum")) instanceof Double max && n.doubleValue() > max) {
                out.add(path + ": above maximum " + max);
            }
        }
        if (value instanceof String s) {
            if (Rubrics.number(schema.get("minLength")) instanceof Double min && s.length() < min) {
                out.add(path + ": shorter than " + min.intValue());
            }
            if (Rubrics.number(schema.get("maxLength")) instanceof Double max && s.length() > max) {
                out.add(path + ": longer than " + max.intValue());
            }
        }
        if (value instanceof Map<?, ?> object) {
            if (schema.get("required") instanceof List<?> required) {
                required.stream()
                        .filter(key -> !object.containsKey(key))
                        .forEach(key -> out.add(path + ": missing " + key));
            }
            if (schema.get("properties") instanceof Map<?, ?> properties) {
                properties.forEach((key, sub) -> {
                    if (object.containsKey(key) && sub instanceof Map<?, ?> subSchema) {
                        out.addAll(violations(object.get(key), subSchema, path + "." + key));
                    }
                });
            }
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                out.addAll(violations(list.get(i), items, path + "[" + i + "]"));
            }
        }
        return out;
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "null" -> value == null;
            case "number" -> value instanceof Number;
            case "integer" ->
                value instanceof Number n
                        && n.doubleValue() == Math.rint(n.doubleValue())
                        && !Double.isInfinite(n.doubleValue());
            default -> throw new RubricException("unsupported schema type '" + type + "'");
        };
    }
}
