package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.TaskCatalogue;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The reference's task API (openenv 0.4.2 and later): {@code GET /list_environments}, {@code GET /{env}/splits},
 * {@code POST /{env}/tasks}, {@code /num_tasks}, {@code /task} and {@code /task_range}, answered from the spec's
 * {@link TaskCatalogue}. Status codes as the reference: 404 for another environment's name (compared without
 * case), 501 when the environment plays no tasks, 400 for an index outside the split, 422 for a body that is not
 * the request model (extra keys are refused, as the reference's models forbid them). A split the environment does
 * not hold is a 400 naming the ones it does.
 */
final class TaskRoutes {

    /** At most this many tasks in one reply: {@code /tasks} previews the first ones, {@code /task_range} refuses more. */
    static final int REPLY_LIMIT = 10_000;

    private static final Set<String> OPERATIONS = Set.of("splits", "tasks", "num_tasks", "task", "task_range");

    /** What a route answered: the status and the JSON body. */
    record Reply(int status, Object body) {}

    private final String name;
    private final TaskCatalogue catalogue;

    TaskRoutes(EnvSpec<?, ?, ?> spec) {
        this.name = spec.metadata().name();
        this.catalogue = spec.tasks();
    }

    /** The operation {@code path} names ({@code /{env}/{operation}}), or {@code null} when it is none. */
    static String operation(String path) {
        int slash = path.indexOf('/', 1);
        if (!path.startsWith("/") || slash < 2 || slash != path.lastIndexOf('/')) {
            return null;
        }
        String operation = path.substring(slash + 1);
        return OPERATIONS.contains(operation) ? operation : null;
    }

    Reply listEnvironments() {
        return new Reply(200, List.of(name));
    }

    /** {@code GET /{env}/splits}. */
    Reply splits(String path) {
        Reply refusal = refusal(path, "list_splits");
        if (refusal != null) {
            return refusal;
        }
        var splits = new ArrayList<Map<String, Object>>();
        for (String split : catalogue.splits()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", split);
            entry.put("type", Set.of("train", "validation", "test").contains(split) ? split : "validation");
            splits.add(entry);
        }
        return new Reply(200, splits);
    }

    /** {@code POST /{env}/tasks}, {@code /num_tasks}, {@code /task} or {@code /task_range} with body {@code text}. */
    Reply post(String path, String text) {
        String operation = operation(path);
        JsonNode body;
        try {
            body = text.isBlank() ? null : WireJson.parse(text);
        } catch (JacksonException e) {
            long offset =
                    e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            return invalid(
                    List.of(new ValidationIssue("json_invalid", List.of(offset), "JSON decode error", Map.of())));
        }
        var issues = new ArrayList<ValidationIssue>();
        if (body == null || !body.isObject()) {
            issues.add(new ValidationIssue(
                    body == null ? "missing" : "model_attributes_type",
                    List.of(),
                    body == null
                            ? "Field required"
                            : "Input should be a valid dictionary or object to extract fields from",
                    body == null ? null : WireJson.toPlain(body)));
            return invalid(issues);
        }
        List<String> fields = switch (operation) {
            case "task" -> List.of("split", "index");
            case "task_range" -> List.of("split", "start", "stop");
            default -> List.of("split");
        };
        String split = null;
        JsonNode splitNode = body.get("split");
        if (splitNode == null) {
            issues.add(new ValidationIssue("missing", List.of("split"), "Field required", WireJson.toPlain(body)));
        } else if (!splitNode.isString()) {
            issues.add(new ValidationIssue(
                    "string_type", List.of("split"), "Input should be a valid string", WireJson.toPlain(splitNode)));
        } else {
            split = splitNode.stringValue();
        }
        Long index = operation.equals("task") ? integer(body, "index", true, issues) : null;
        Long start = operation.equals("task_range") ? integer(body, "start", false, issues) : null;
        Long stop = operation.equals("task_range") ? integer(body, "stop", false, issues) : null;
        for (var names = body.propertyNames().iterator(); names.hasNext(); ) {
            String key = names.next();
            if (!fields.contains(key)) {
                issues.add(new ValidationIssue(
                        "extra_forbidden",
                        List.of(key),
                        "Extra inputs are not permitted",
                        WireJson.toPlain(body.get(key))));
            }
        }
        if (!issues.isEmpty()) {
            return invalid(issues);
        }
        String method = switch (operation) {
            case "tasks" -> "list_tasks";
            case "num_tasks" -> "num_tasks";
            case "task" -> "get_task";
            default -> "get_task_range";
        };
        Reply refusal = refusal(path, method);
        if (refusal != null) {
            return refusal;
        }
        try {
            return switch (operation) {
                case "tasks" -> {
                    var reply = new LinkedHashMap<String, Object>();
                    reply.put("tasks", catalogue.range(split, 0L, (long) REPLY_LIMIT));
                    reply.put("env_name", name);
                    yield new Reply(200, reply);
                }
                case "num_tasks" -> new Reply(200, Map.of("num_tasks", catalogue.count(split)));
                case "task" -> new Reply(200, Map.of("task", catalogue.task(split, index)));
                default -> {
                    long count = catalogue.count(split);
                    long from = bound(start, 0, count);
                    long to = bound(stop, count, count);
                    if (to - from > REPLY_LIMIT) {
                        yield detail(
                                400, "a task range holds at most " + REPLY_LIMIT + " tasks; asked for " + (to - from));
                    }
                    yield new Reply(200, Map.of("tasks", catalogue.range(split, start, stop)));
                }
            };
        } catch (IndexOutOfBoundsException e) {
            return detail(400, "Invalid task index");
        } catch (TaskCatalogue.UnknownSplitException e) {
            return detail(400, e.getMessage());
        }
    }

    /** 404 for another environment's name, 501 when this one plays no tasks; {@code null} when neither. */
    private Reply refusal(String path, String method) {
        String env = path.substring(1, path.indexOf('/', 1));
        if (!env.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
            return detail(404, "unknown environment '" + env + "'");
        }
        if (catalogue == null) {
            return detail(501, method + " is not supported for this environment");
        }
        return null;
    }

    private static Long integer(JsonNode body, String field, boolean required, List<ValidationIssue> issues) {
        JsonNode node = body.get(field);
        if (node == null || (node.isNull() && !required)) {
            if (required) {
                issues.add(new ValidationIssue("missing", List.of(field), "Field required", WireJson.toPlain(body)));
            }
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber()
                && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9.0e15) {
            return (long) node.doubleValue();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.stringValue().strip());
            } catch (NumberFormatException e) {
                issues.add(new ValidationIssue(
                        "int_parsing",
                        List.of(field),
                        "Input should be a valid integer, unable to parse string as an integer",
                        node.stringValue()));
                return null;
            }
        }
        issues.add(new ValidationIssue(
                node.isFloatingPointNumber() ? "int_from_float" : "int_type",
                List.of(field),
                node.isFloatingPointNumber()
                        ? "Input should be a valid integer, got a number with a fractional part"
                        : "Input should be a valid integer",
                WireJson.toPlain(node)));
        return null;
    }

    private static long bound(Long bound, long absent, long count) {
        if (bound == null) {
            return absent;
        }
        long value = bound < 0 ? bound + count : bound;
        return Math.max(0, Math.min(value, count));
    }

    private static Reply invalid(List<ValidationIssue> issues) {
        var detail = new ArrayList<Map<String, Object>>();
        issues.forEach(issue -> detail.add(issue.under("body").toMap()));
        return new Reply(422, Map.of("detail", detail));
    }

    private static Reply detail(int status, String message) {
        return new Reply(status, Map.of("detail", message));
    }
}
