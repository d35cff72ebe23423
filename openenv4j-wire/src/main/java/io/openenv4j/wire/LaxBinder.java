package io.openenv4j.wire;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a JSON value against a Java type with the reference's (pydantic's) lax rules and returns it
 * coerced: integral numbers and integer strings for integers, numbers and numeric strings for floats,
 * the usual words for booleans, no coercion into strings, unknown keys of a record rejected, a key
 * {@code metadata} always accepted. Primitive record components are required; the others may be absent.
 */
final class LaxBinder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE_WORDS = Set.of("1", "on", "t", "true", "y", "yes");
    private static final Set<String> FALSE_WORDS = Set.of("0", "off", "f", "false", "n", "no");

    private final List<ValidationIssue> issues = new ArrayList<>();

    private LaxBinder() {}

    /** The coerced value, or an {@link InvalidInputException} listing every issue found. */
    static JsonNode bind(JsonNode input, Type type) {
        var binder = new LaxBinder();
        JsonNode out = binder.value(input, type, new ArrayList<>());
        if (!binder.issues.isEmpty()) {
            throw new InvalidInputException(binder.issues);
        }
        return out;
    }

    private JsonNode value(JsonNode in, Type type, List<Object> loc) {
        Class<?> raw = rawClass(type);
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return in;
        }
        if (in.isNull() && !raw.isPrimitive()) {
            return in;
        }
        if (raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class
                || raw == short.class
                || raw == Short.class
                || raw == byte.class
                || raw == Byte.class) {
            return integer(in, loc);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return number(in, loc);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return bool(in, loc);
        }
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return in.isString() ? in : issue("string_type", loc, "Input should be a valid string", in);
        }
        if (raw.isEnum()) {
            return enumValue(in, raw, loc);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return list(in, typeArgument(type, 0), loc);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(in, typeArgument(type, 1), loc);
        }
        if (raw.isRecord()) {
            return record(in, raw, loc);
        }
        return in;
    }

    /** A record component as binding needs it; reflection on records is slow, so it is done once per type. */
    private record Component(String wireName, Type type, boolean primitive) {}

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            var components = new ArrayList<Component>();
            for (RecordComponent component : type.getRecordComponents()) {
                components.add(new Component(
                        WireJson.wireName(component.getName()),
                        component.getGenericType(),
                        component.getType().isPrimitive()));
            }
            return List.copyOf(components);
        }
    };

    private static final ClassValue<Set<String>> KNOWN = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            return Set.copyOf(
                    COMPONENTS.get(type).stream().map(Component::wireName).toList());
        }
    };

    private JsonNode record(JsonNode in, Class<?> type, List<Object> loc) {
        if (!in.isObject()) {
            return issue(
                    "model_type", loc, "Input should be a valid dictionary or instance of " + type.getSimpleName(), in);
        }
        var out = NODES.objectNode();
        for (Component component : COMPONENTS.get(type)) {
            String name = component.wireName();
            JsonNode value = in.get(name);
            if (value == null) {
                if (component.primitive()) {
                    issue("missing", child(loc, name), "Field required", in);
                }
                continue;
            }
            out.set(name, value(value, component.type(), child(loc, name)));
        }
        Set<String> known = KNOWN.get(type);
        for (String key : in.propertyNames()) {
            if (!known.contains(key) && !key.equals("metadata")) {
                issue("extra_forbidden", child(loc, key), "Extra inputs are not permitted", in.get(key));
            }
        }
        return out;
    }

    private JsonNode integer(JsonNode in, List<Object> loc) {
        if (in.isIntegralNumber()) {
            return in.canConvertToLong() ? in : tooBig(in, loc);
        }
        if (in.isNumber()) {
            double d = in.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d)) {
                // A cast would silently saturate at Long.MAX_VALUE.
                return Math.abs(d) < 0x1p63 ? NODES.numberNode((long) d) : tooBig(in, loc);
            }
            return issue(
                    "int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", in);
        }
        if (in.isBoolean()) {
            return NODES.numberNode(in.booleanValue() ? 1 : 0);
        }
        if (in.isString()) {
            try {
                return NODES.numberNode(Long.parseLong(in.stringValue().trim()));
            } catch (NumberFormatException e) {
                return issue(
                        "int_parsing",
                        loc,
                        "Input should be a valid integer, unable to parse string as an integer",
                        in);
            }
        }
        return issue("int_type", loc, "Input should be a valid integer", in);
    }

    private JsonNode tooBig(JsonNode in, List<Object> loc) {
        return issue(
                "int_parsing_size", loc, "Input should be a valid integer, the number does not fit in 64 bits", in);
    }

    private JsonNode number(JsonNode in, List<Object> loc) {
        if (in.isNumber()) {
            return in;
        }
        if (in.isBoolean()) {
            return NODES.numberNode(in.booleanValue() ? 1.0 : 0.0);
        }
        if (in.isString()) {
            try {
                return NODES.numberNode(Double.parseDouble(in.stringValue().trim()));
            } catch (NumberFormatException e) {
                return issue(
                        "float_parsing", loc, "Input should be a valid number, unable to parse string as a number", in);
            }
        }
        return issue("float_type", loc, "Input should be a valid number", in);
    }

    private JsonNode bool(JsonNode in, List<Object> loc) {
        if (in.isBoolean()) {
            return in;
        }
        if (in.isIntegralNumber() && in.canConvertToLong() && (in.longValue() == 0 || in.longValue() == 1)) {
            return NODES.booleanNode(in.longValue() == 1);
        }
        if (in.isString()) {
            String word = in.stringValue().trim().toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return NODES.booleanNode(true);
            }
            if (FALSE_WORDS.contains(word)) {
                return NODES.booleanNode(false);
            }
            return issue("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", in);
        }
        return issue("bool_type", loc, "Input should be a valid boolean", in);
    }

    private JsonNode enumValue(JsonNode in, Class<?> type, List<Object> loc) {
        if (in.isString()) {
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                if (name.equals(in.stringValue())
                        || name.toLowerCase(Locale.ROOT).equals(in.stringValue())) {
                    return NODES.stringNode(name);
                }
            }
        }
        var allowed = new ArrayList<String>();
        for (Object constant : type.getEnumConstants()) {
            allowed.add("'" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT) + "'");
        }
        return issue("enum", loc, "Input should be " + String.join(", ", allowed), in);
    }

    private JsonNode list(JsonNode in, Type element, List<Object> loc) {
        if (!in.isArray()) {
            return issue("list_type", loc, "Input should be a valid list", in);
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < in.size(); i++) {
            out.add(value(in.get(i), element, child(loc, i)));
        }
        return out;
    }

    private JsonNode map(JsonNode in, Type valueType, List<Object> loc) {
        if (!in.isObject()) {
            return issue("dict_type", loc, "Input should be a valid dictionary", in);
        }
        ObjectNode out = NODES.objectNode();
        for (var entry : in.properties()) {
            out.set(entry.getKey(), value(entry.getValue(), valueType, child(loc, entry.getKey())));
        }
        return out;
    }

    private JsonNode issue(String type, List<Object> loc, String msg, JsonNode input) {
        issues.add(new ValidationIssue(type, loc, msg, WireJson.toPlain(input)));
        return input;
    }

    private static List<Object> child(List<Object> loc, Object key) {
        var path = new ArrayList<>(loc);
        path.add(key);
        return path;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length == 1) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }
}
