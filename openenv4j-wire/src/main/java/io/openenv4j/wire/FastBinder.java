package io.openenv4j.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast path of action decoding: binds a JSON object straight to a record's canonical constructor when
 * every value already has its component's exact JSON type (a string for a {@code String}, an integer in
 * range for an {@code int} or {@code long}, a number for a {@code double}, {@code true}/{@code false} for a
 * {@code boolean}, {@code null} for a non-primitive). That is what well-behaved clients send, and for it
 * {@link LaxBinder} plus Jackson would produce the same record. Anything else (a coercion, an unknown key,
 * a missing primitive, a nested type, a constructor that refuses) returns {@code null}, and the caller takes
 * the full path, which also produces the exact error. Thread-safe.
 */
final class FastBinder {

    private static final Object[] NO_ARGS = new Object[0];
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    private FastBinder() {}

    /** The bound record, or {@code null} to say "take the full path". */
    static Object bind(ObjectNode input, Class<?> type) {
        Plan plan = PLANS.get(type);
        if (plan == null) {
            return null;
        }
        Object[] args = plan.kinds.length == 0 ? NO_ARGS : new Object[plan.kinds.length];
        int seen = 0;
        for (Map.Entry<String, JsonNode> property : input.properties()) {
            Integer index = plan.indexes.get(property.getKey());
            if (index == null) {
                if (property.getKey().equals("metadata")) {
                    continue;
                }
                return null;
            }
            Object value = plan.kinds[index].convert(property.getValue());
            if (value == Kind.REFUSED) {
                return null;
            }
            args[index] = value;
            seen++;
        }
        if (seen < plan.kinds.length) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null && plan.kinds[i].primitive) {
                    return null;
                }
            }
        }
        try {
            return (Object) plan.constructor.invokeExact(args);
        } catch (Throwable refused) {
            return null;
        }
    }

    /** How one type binds; {@code null} from {@link #of} when the record has a component of another type. */
    private record Plan(Map<String, Integer> indexes, Kind[] kinds, MethodHandle constructor) {
        static Plan of(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            RecordComponent[] components = type.getRecordComponents();
            var indexes = new HashMap<String, Integer>();
            var kinds = new Kind[components.length];
            var types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                kinds[i] = Kind.of(components[i].getType());
                if (kinds[i] == null) {
                    return null;
                }
                types[i] = components[i].getType();
                indexes.put(WireJson.wireName(components[i].getName()), i);
            }
            MethodHandle constructor;
            try {
                constructor =
                        MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class, types));
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                try {
                    var reflective = type.getDeclaredConstructor(types);
                    reflective.setAccessible(true);
                    constructor = MethodHandles.lookup().unreflectConstructor(reflective);
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    return null;
                }
            }
            // One call shape for every record: (Object[]) -> Object, unboxing as the components need.
            MethodHandle spread = constructor
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new Plan(Map.copyOf(indexes), kinds, spread);
        }
    }

    /** The component types the fast path takes. */
    private enum Kind {
        STRING(false),
        INT(true),
        BOXED_INT(false),
        LONG(true),
        BOXED_LONG(false),
        DOUBLE(true),
        BOXED_DOUBLE(false),
        BOOLEAN(true),
        BOXED_BOOLEAN(false);

        static final Object REFUSED = new Object();
        final boolean primitive;

        Kind(boolean primitive) {
            this.primitive = primitive;
        }

        static Kind of(Class<?> type) {
            if (type == String.class) return STRING;
            if (type == int.class) return INT;
            if (type == Integer.class) return BOXED_INT;
            if (type == long.class) return LONG;
            if (type == Long.class) return BOXED_LONG;
            if (type == double.class) return DOUBLE;
            if (type == Double.class) return BOXED_DOUBLE;
            if (type == boolean.class) return BOOLEAN;
            if (type == Boolean.class) return BOXED_BOOLEAN;
            return null;
        }

        Object convert(JsonNode value) {
            if (value.isNull()) {
                return primitive ? REFUSED : null;
            }
            return switch (this) {
                case STRING -> value.isString() ? value.stringValue() : REFUSED;
                case INT, BOXED_INT ->
                    value.isIntegralNumber() && value.canConvertToInt() ? (Object) value.intValue() : REFUSED;
                case LONG, BOXED_LONG ->
                    value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue() : REFUSED;
                case DOUBLE, BOXED_DOUBLE ->
                    value.isNumber() && Double.isFinite(value.doubleValue()) ? (Object) value.doubleValue() : REFUSED;
                case BOOLEAN, BOXED_BOOLEAN -> value.isBoolean() ? (Object) value.booleanValue() : REFUSED;
            };
        }
    }
}
