package io.openenv4j.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of a WebSocket error frame: {@code {"message":…,"code":…,…extras}}.
 *
 * @param code the error code
 * @param message a human-readable message (never a stack trace)
 * @param extras further keys, such as {@code errors}, {@code active_sessions} or {@code factory_name}
 */
public record WireError(ErrorCode code, String message, Map<String, Object> extras) {

    public WireError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        extras = extras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public static WireError of(ErrorCode code, String message) {
        return new WireError(code, message, Map.of());
    }

    public static WireError invalidJson(String detail) {
        return of(ErrorCode.INVALID_JSON, "Invalid JSON: " + detail);
    }

    public static WireError unknownType(String type) {
        return of(ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + type);
    }

    /** The reference's validation error: message {@code "Invalid message"} and the issues. */
    public static WireError validation(List<ValidationIssue> issues) {
        return new WireError(
                ErrorCode.VALIDATION_ERROR,
                "Invalid message",
                Map.of("errors", issues.stream().map(ValidationIssue::toMap).toList()));
    }

    public static WireError execution(Throwable error) {
        String message = error.getMessage();
        return of(ErrorCode.EXECUTION_ERROR, message == null ? error.getClass().getSimpleName() : message);
    }

    public static WireError capacity(int active, int max) {
        return new WireError(
                ErrorCode.CAPACITY_REACHED,
                "Server at capacity: " + active + "/" + max + " sessions active. Cannot accept new connections.",
                ordered("active_sessions", active, "max_sessions", max));
    }

    public static WireError factory(String factoryName, String detail) {
        return new WireError(
                ErrorCode.FACTORY_ERROR,
                "Environment factory '" + factoryName + "' failed to create instance."
                        + (detail == null ? "" : " " + detail),
                Map.of("factory_name", factoryName));
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        var map = new LinkedHashMap<String, Object>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    public static WireError session(String message) {
        return of(ErrorCode.SESSION_ERROR, message);
    }
}
