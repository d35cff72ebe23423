package io.openenv4j.rewards;

import io.openenv4j.core.Outcome;
import io.openenv4j.wire.WireJson;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks a value out of a trajectory for a matching rubric: the agent's answer, the ground truth.
 * {@link #path} reads a dotted path over the trajectory's JSON form, so one selector works on records
 * in-process and on plain JSON values received over the wire.
 */
@FunctionalInterface
public interface Selector {

    /** The selected value, or {@code null} when the trajectory has none there. */
    Object select(Trajectory trajectory);

    /**
     * A dotted path: a first segment {@code outcome}, {@code last} (the last transition), {@code steps} or
     * {@code id}, then map keys (snake_case wire names) or list indexes (negative counts from the end).
     * Example: {@code outcome.final_state.answer}, {@code last.action.guess}.
     */
    static Selector path(String path) {
        Objects.requireNonNull(path, "path");
        String[] segments = path.split("\\.");
        return trajectory -> {
            Object current = switch (segments[0]) {
                case "outcome" -> trajectory.outcome();
                case "last" -> trajectory.last();
                case "steps" -> trajectory.steps();
                case "id" -> trajectory.id();
                default ->
                    throw new IllegalArgumentException(
                            "a path starts with outcome, last, steps or id, got '" + path + "'");
            };
            for (int i = 1; i < segments.length && current != null; i++) {
                current = child(plain(current), segments[i]);
            }
            return current;
        };
    }

    /** Always {@code value}. */
    static Selector constant(Object value) {
        return trajectory -> value;
    }

    private static Object plain(Object value) {
        if (value instanceof Record
                || value instanceof Map<?, ?>
                || value instanceof List<?>
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean) {
            return value;
        }
        return WireJson.toPlain(WireJson.mapper().valueToTree(value));
    }

    /** A record's component by wire or Java name, read directly when accessible, else through its JSON form. */
    private static Object component(Record record, String segment) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(segment)
                    || WireJson.wireName(component.getName()).equals(segment)) {
                try {
                    return component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return child(WireJson.toPlain(WireJson.mapper().valueToTree(record)), segment);
                }
            }
        }
        return child(WireJson.toPlain(WireJson.mapper().valueToTree(record)), segment);
    }

    private static Object child(Object node, String segment) {
        if (node instanceof Transition transition) {
            return switch (segment) {
                case "action" -> transition.action();
                case "observation" -> transition.observation();
                case "reward" -> transition.reward();
                case "done" -> transition.done();
                default -> null;
            };
        }
        if (node instanceof Outcome outcome) {
            return switch (segment) {
                case "final_state" -> outcome.finalState();
                case "task_id" -> outcome.taskId();
                case "seed" -> outcome.seed();
                case "done" -> outcome.done();
                case "test_results" -> outcome.testResults();
                case "tool_trace" -> outcome.toolTrace();
                case "artifacts" -> outcome.artifacts();
                default -> null;
            };
        }
        if (node instanceof Map<?, ?> map) {
            return map.get(segment);
        }
        if (node instanceof Record record) {
            return component(record, segment);
        }
        if (node instanceof List<?> list && segment.matches("-?\\d+")) {
            int index = Integer.parseInt(segment);
            int at = index < 0 ? list.size() + index : index;
            return at >= 0 && at < list.size() ? list.get(at) : null;
        }
        return null;
    }
}
