package io.openenv4j.envs.apitools;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.envs.apitools.ApiToolsEnvironment.ApiToolsState;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Completes every API task through the tools alone, as an agent could: it reads the task's public facts
 * from the state (what {@code get_task} also says) and everything else from tool results; it never sees the
 * expected world. Schedule: read both users' busy times, book the earliest common slot. Move overdue: list
 * the owner's to-dos, move each open one due before today. Share: find the user's own event of that title
 * among the visible ones, share it. Each ends with {@code finish}.
 *
 * <p>One instance per episode.
 */
public final class ApiToolsOracle implements Policy<ToolAction, ToolObservation, ApiToolsState> {

    private final Deque<ToolAction> queue = new ArrayDeque<>();
    private final List<Map<String, Object>> results = new ArrayList<>();
    private int phase;

    @Override
    public ToolAction act(Step<ToolObservation> last, ApiToolsState state) {
        if (last.observation() instanceof ToolObservation.ToolCallOutcome outcome) {
            if (outcome.error() != null) {
                throw new EnvironmentException(
                        "the oracle's call " + outcome.toolName() + " failed: " + outcome.error());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) outcome.result().data();
            results.add(data);
        }
        if (!queue.isEmpty()) {
            return queue.poll();
        }
        Map<String, Object> p = state.parameters();
        String me = state.actingAs();
        phase++;
        switch (state.task()) {
            case "schedule" -> {
                if (phase == 1) {
                    queue.add(call("free_busy", Map.of("user", p.get("attendee"), "date", p.get("date"))));
                    return call("free_busy", Map.of("user", me, "date", p.get("date")));
                }
                LocalDate date = LocalDate.parse((String) p.get("date"));
                int minutes = ((Number) p.get("duration_minutes")).intValue();
                LocalDateTime slot = firstCommonSlot(date, minutes, results);
                queue.add(call("finish", Map.of()));
                return call(
                        "create_event",
                        Map.of(
                                "title",
                                p.get("title"),
                                "start",
                                slot.toString(),
                                "end",
                                slot.plusMinutes(minutes).toString(),
                                "attendees",
                                List.of(p.get("attendee"))));
            }
            case "move_overdue" -> {
                if (phase == 1) {
                    return call("list_todos", Map.of("owner", p.get("owner"), "done", false));
                }
                LocalDate today = LocalDate.parse((String) p.get("today"));
                for (Map<String, Object> todo : list(results.getLast(), "todos")) {
                    if (LocalDate.parse((String) todo.get("due")).isBefore(today)) {
                        queue.add(call("update_todo", Map.of("todo_id", todo.get("id"), "due", p.get("new_due"))));
                    }
                }
                queue.add(call("finish", Map.of()));
                return queue.poll();
            }
            case "share" -> {
                if (phase == 1) {
                    return call("list_events", Map.of());
                }
                String id = list(results.getLast(), "events").stream()
                        .filter(e -> e.get("owner").equals(me) && e.get("title").equals(p.get("title")))
                        .map(e -> (String) e.get("id"))
                        .findFirst()
                        .orElseThrow(() -> new EnvironmentException("no event of mine titled " + p.get("title")));
                queue.add(call("finish", Map.of()));
                return call(
                        "share_event",
                        Map.of("event_id", id, "user", p.get("user"), "permission", p.get("permission")));
            }
            default -> throw new EnvironmentException("the oracle knows no task '" + state.task() + "'");
        }
    }

    private static LocalDateTime firstCommonSlot(LocalDate date, int minutes, List<Map<String, Object>> busyResults) {
        var busy = new ArrayList<LocalDateTime[]>();
        for (Map<String, Object> result : busyResults) {
            for (Map<String, Object> interval : list(result, "busy")) {
                busy.add(new LocalDateTime[] {
                    LocalDateTime.parse((String) interval.get("start")),
                    LocalDateTime.parse((String) interval.get("end"))
                });
            }
        }
        for (LocalDateTime slot = date.atTime(9, 0);
                !slot.plusMinutes(minutes).isAfter(date.atTime(17, 0));
                slot = slot.plusMinutes(30)) {
            LocalDateTime from = slot;
            LocalDateTime to = slot.plusMinutes(minutes);
            if (busy.stream().noneMatch(b -> b[0].isBefore(to) && from.isBefore(b[1]))) {
                return slot;
            }
        }
        throw new EnvironmentException("no common free slot on " + date);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    private static ToolAction call(String tool, Map<String, Object> arguments) {
        return ToolAction.callTool(tool, arguments);
    }
}
