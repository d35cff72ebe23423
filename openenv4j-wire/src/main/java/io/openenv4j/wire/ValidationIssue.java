package io.openenv4j.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validation failure, shaped like a pydantic error entry ({@code type}, {@code loc}, {@code msg},
 * {@code input}), which is what the reference puts in {@code VALIDATION_ERROR} frames and HTTP 422 bodies.
 *
 * @param type a machine-readable kind ({@code missing}, {@code extra_forbidden}, {@code int_parsing}, …)
 * @param loc the path to the offending value: keys and list indices
 * @param msg a human-readable message
 * @param input the offending value (JSON-shaped), or {@code null}
 */
public record ValidationIssue(String type, List<Object> loc, String msg, Object input) {

    public ValidationIssue {
        Objects.requireNonNull(type, "type");
        loc = List.copyOf(loc);
        Objects.requireNonNull(msg, "msg");
    }

    /** The same issue with {@code prefix} put in front of its location. */
    public ValidationIssue under(Object... prefix) {
        var path = new java.util.ArrayList<Object>(List.of(prefix));
        path.addAll(loc);
        return new ValidationIssue(type, path, msg, input);
    }

    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("type", type);
        map.put("loc", loc);
        map.put("msg", msg);
        map.put("input", input);
        return map;
    }
}
