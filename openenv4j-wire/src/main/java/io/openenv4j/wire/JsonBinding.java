package io.openenv4j.wire;

import java.lang.reflect.Type;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON value into a Java value of a given type with the reference's (pydantic's) lax rules, the
 * rules actions are decoded with: integral numbers and integer strings for integers, numbers and numeric
 * strings for floats, the usual words for booleans, no coercion into strings, unknown record keys rejected,
 * primitive record components required. Records, lists, maps, enums and scalars are supported; {@code
 * Object} and {@code JsonNode} take the value as it is. Thread-safe.
 */
public final class JsonBinding {

    private JsonBinding() {}

    /**
     * The value of {@code input} as a {@code type}.
     *
     * @throws InvalidInputException listing every problem, with locations relative to {@code input}
     */
    public static Object bind(JsonNode input, Type type) {
        JsonNode coerced = LaxBinder.bind(input, type);
        if (LaxBinder.rawClass(type) == JsonNode.class) {
            return coerced;
        }
        try {
            var mapper = WireJson.mapper();
            return mapper.treeToValue(coerced, mapper.getTypeFactory().constructType(type));
        } catch (JacksonException e) {
            // A record's own constructor refused the values (its compact constructor validates).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "value_error",
                    List.of(),
                    "Value error, "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    WireJson.toPlain(input))));
        }
    }
}
