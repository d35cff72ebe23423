package io.openenv4j.wire;

import io.openenv4j.core.Description;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12, in the style pydantic writes them) generated from Java types: records
 * become objects with {@code properties}, {@code required} (the primitive components and those marked {@link io.openenv4j.core.Required}) and nested records
 * under {@code $defs}; lists, maps, enums and scalars map to their JSON counterparts.
 */
public final class JsonSchemas {

    private JsonSchemas() {}

    /** Whether an object schema lets keys it does not name through ({@code additionalProperties}). */
    public enum UnknownKeys {
        /** {@code additionalProperties: false}: actions, observations, tool arguments. */
        FORBIDDEN,
        /** {@code additionalProperties: true}: states, tool results. */
        ALLOWED
    }

    /**
     * The schema of {@code type}.
     *
     * @param unknownKeys {@link UnknownKeys#FORBIDDEN} ({@code additionalProperties: false}) for actions and
     *     observations; state schemas are {@link UnknownKeys#ALLOWED}
     */
    public static ObjectNode of(Type type, UnknownKeys unknownKeys) {
        boolean closed = java.util.Objects.requireNonNull(unknownKeys, "unknownKeys") == UnknownKeys.FORBIDDEN;
        var defs = WireJson.object();
        Class<?> raw = LaxBinder.rawClass(type);
        ObjectNode root = raw.isRecord() ? recordSchema(raw, closed, defs) : schema(type, defs);
        if (!defs.isEmpty()) {
            root.set("$defs", defs);
        }
        return root;
    }

    /**
     * One property of an object schema built by {@link #object}.
     *
     * @param name the property's name on the wire
     * @param type its Java type
     * @param description its description, or {@code null}
     * @param required whether the object must have it
     */
    public record Property(String name, Type type, String description, boolean required) {
        public Property {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(type, "type");
        }
    }

    /**
     * An object schema with the given properties, in order, as tools describe their arguments: {@code type},
     * {@code additionalProperties}, {@code properties} (no titles), {@code required} when any, then {@code
     * $defs} for nested records.
     *
     * @param unknownKeys whether keys it does not name are {@link UnknownKeys#FORBIDDEN} or {@link UnknownKeys#ALLOWED}
     */
    public static ObjectNode object(java.util.List<Property> properties, UnknownKeys unknownKeys) {
        boolean closed = java.util.Objects.requireNonNull(unknownKeys, "unknownKeys") == UnknownKeys.FORBIDDEN;
        var defs = WireJson.object();
        var schema = WireJson.object();
        schema.put("type", "object");
        schema.put("additionalProperties", !closed);
        var props = schema.putObject("properties");
        var required = schema.arrayNode();
        for (Property property : properties) {
            ObjectNode node = schema(property.type(), defs);
            if (property.description() != null) {
                node.put("description", property.description());
            }
            props.set(property.name(), node);
            if (property.required()) {
                required.add(property.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (!defs.isEmpty()) {
            schema.set("$defs", defs);
        }
        return schema;
    }

    private static ObjectNode recordSchema(Class<?> type, boolean closed, ObjectNode defs) {
        var schema = WireJson.object();
        Description doc = type.getAnnotation(Description.class);
        if (doc != null) {
            schema.put("description", doc.value());
        }
        var properties = WireJson.object();
        var required = schema.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = WireJson.wireName(component.getName());
            ObjectNode property = schema(component.getGenericType(), defs);
            property.put("title", title(name));
            Description description = component.getAnnotation(Description.class);
            if (description != null) {
                property.put("description", description.value());
            }
            properties.set(name, property);
            if (component.getType().isPrimitive() || component.isAnnotationPresent(io.openenv4j.core.Required.class)) {
                required.add(name);
            }
        }
        schema.set("properties", properties);
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("title", type.getSimpleName());
        schema.put("type", "object");
        schema.put("additionalProperties", !closed);
        return schema;
    }

    private static ObjectNode schema(Type type, ObjectNode defs) {
        Class<?> raw = LaxBinder.rawClass(type);
        var schema = WireJson.object();
        if (raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class
                || raw == short.class
                || raw == Short.class
                || raw == byte.class
                || raw == Byte.class) {
            schema.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            schema.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == String.class || raw == char.class || raw == Character.class) {
            schema.put("type", "string");
        } else if (raw.isEnum()) {
            var values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            schema.put("type", "string");
        } else if (Collection.class.isAssignableFrom(raw)) {
            schema.put("type", "array");
            schema.set("items", schema(LaxBinder.typeArgument(type, 0), defs));
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            Type valueType = LaxBinder.typeArgument(type, 1);
            if (LaxBinder.rawClass(valueType) != Object.class) {
                schema.set("additionalProperties", schema(valueType, defs));
            } else {
                schema.put("additionalProperties", true);
            }
        } else if (raw.isRecord()) {
            if (!defs.has(raw.getSimpleName())) {
                defs.set(raw.getSimpleName(), WireJson.object());
                defs.set(raw.getSimpleName(), recordSchema(raw, true, defs));
            }
            schema.put("$ref", "#/$defs/" + raw.getSimpleName());
        }
        return schema;
    }

    /** pydantic's field title: {@code last_delta} becomes {@code Last Delta}. */
    static String title(String wireName) {
        var out = new StringBuilder();
        for (String word : wireName.split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return out.toString();
    }
}
