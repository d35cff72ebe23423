package io.openenv4j.envs.apitools;

import io.openenv4j.core.Description;
import io.openenv4j.envs.apitools.World.Event;
import io.openenv4j.envs.apitools.World.Todo;
import io.openenv4j.mcp.ToolArg;
import io.openenv4j.mcp.ToolMethod;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The agent's tools: the service's calls, acting as the episode's user, plus {@code get_task} and {@code
 * finish}. Nothing here can reach the task's expected world or the checker. A refused call throws, which
 * the toolbox turns into an error result whose text starts with {@code permission_denied}, {@code conflict},
 * {@code not_found} or {@code bad_input}.
 */
final class CalendarTools {

    /** What the episode asks; the service and the task as the tools see them now. */
    interface Episode {
        Service service();

        ApiTask task();

        void finish();
    }

    @Description("A user of the service.")
    record UserView(String id, String name) {}

    @Description("The users.")
    record Users(List<UserView> users) {}

    @Description("A calendar event. Times are local, e.g. 2026-03-03T10:30.")
    record EventView(
            String id,
            String owner,
            String title,
            String start,
            String end,
            List<String> attendees,
            @Description("user -> read or write") Map<String, String> sharedWith) {
        static EventView of(Event e) {
            return new EventView(
                    e.id(),
                    e.owner(),
                    e.title(),
                    e.start().toString(),
                    e.end().toString(),
                    e.attendees(),
                    permissions(e.sharedWith()));
        }
    }

    @Description("Events, by start time.")
    record Events(List<EventView> events) {}

    @Description("A to-do item.")
    record TodoView(
            String id,
            String owner,
            String title,
            String due,
            boolean done,
            @Description("user -> read or write") Map<String, String> sharedWith) {
        static TodoView of(Todo t) {
            return new TodoView(
                    t.id(), t.owner(), t.title(), t.due().toString(), t.done(), permissions(t.sharedWith()));
        }
    }

    @Description("To-do items, by due date.")
    record Todos(List<TodoView> todos) {}

    @Description("A busy interval.")
    record Interval(String start, String end) {}

    @Description("When a user is busy on a day (no details of the events).")
    record FreeBusy(String user, String date, List<Interval> busy) {}

    @Description("The task of this episode.")
    record TaskView(
            String instruction,
            @Description("The user every call acts as") String actingAs,
            String today,
            String workingHours) {}

    @Description("Acknowledges the end of the episode.")
    record Finished(boolean finished, String message) {}

    @Description("Acknowledges a deletion.")
    record Deleted(String id, boolean deleted) {}

    private final Supplier<Episode> episode;

    CalendarTools(Supplier<Episode> episode) {
        this.episode = episode;
    }

    private Service service() {
        return episode.get().service();
    }

    @ToolMethod(description = "The task of this episode, the user you act as and today's date.")
    public TaskView getTask() {
        ApiTask task = episode.get().task();
        return new TaskView(
                task.instruction(),
                task.actor(),
                task.initial().today().toString(),
                Service.DAY_START + "-" + Service.DAY_END);
    }

    @ToolMethod(description = "Lists the users of the service.")
    public Users listUsers() {
        return new Users(service().world().users().values().stream()
                .sorted(java.util.Comparator.comparing(World.User::id))
                .map(u -> new UserView(u.id(), u.name()))
                .toList());
    }

    @ToolMethod(
            description = "Lists the events you can see (yours, those you attend, those shared with you),"
                    + " optionally between two dates (inclusive) and involving one user.")
    public Events listEvents(
            @Description("First day, e.g. 2026-03-02") String fromDate,
            @Description("Last day, e.g. 2026-03-06") String toDate,
            @Description("Only events this user owns or attends") String involving) {
        LocalDate from = fromDate == null ? null : Service.date("from_date", fromDate);
        LocalDate to = toDate == null ? null : Service.date("to_date", toDate);
        return new Events(service().events(from, to, involving).stream()
                .map(EventView::of)
                .toList());
    }

    @ToolMethod(description = "One event you can see, by id.")
    public EventView getEvent(@ToolArg(required = true) String eventId) {
        return EventView.of(service().event(eventId));
    }

    @ToolMethod(
            description = "Creates an event you own; attendees are user ids. Refused with a conflict when you or"
                    + " an attendee is busy then.")
    public EventView createEvent(
            @ToolArg(required = true) String title,
            @ToolArg(required = true) @Description("e.g. 2026-03-03T10:00") String start,
            @ToolArg(required = true) @Description("e.g. 2026-03-03T10:30") String end,
            @Description("User ids to invite") List<String> attendees) {
        return EventView.of(service().createEvent(title, start, end, attendees));
    }

    @ToolMethod(description = "Changes the title or time of an event you own or that is shared with you for writing.")
    public EventView updateEvent(@ToolArg(required = true) String eventId, String title, String start, String end) {
        return EventView.of(service().updateEvent(eventId, title, start, end));
    }

    @ToolMethod(description = "Deletes an event you own.")
    public Deleted deleteEvent(@ToolArg(required = true) String eventId) {
        service().deleteEvent(eventId);
        return new Deleted(eventId, true);
    }

    @ToolMethod(description = "Shares an event you own with a user: permission 'read' or 'write'.")
    public EventView shareEvent(
            @ToolArg(required = true) String eventId,
            @ToolArg(required = true) String user,
            @ToolArg(required = true) @Description("read or write") String permission) {
        return EventView.of(service().shareEvent(eventId, user, permission));
    }

    @ToolMethod(description = "When a user is busy on a day: intervals only, no titles.")
    public FreeBusy freeBusy(
            @ToolArg(required = true) String user,
            @ToolArg(required = true) @Description("e.g. 2026-03-03") String date) {
        LocalDate day = Service.date("date", date);
        return new FreeBusy(
                user,
                day.toString(),
                service().busy(user, day).stream()
                        .map(b -> new Interval(b[0].toString(), b[1].toString()))
                        .toList());
    }

    @ToolMethod(
            description = "Lists the to-dos you can see (yours and those shared with you), optionally of one"
                    + " owner and by done status.")
    public Todos listTodos(
            @Description("Only this owner's to-dos") String owner,
            @Description("Only done (true) or open (false) to-dos") Boolean done) {
        return new Todos(service().todos(owner, done).stream().map(TodoView::of).toList());
    }

    @ToolMethod(description = "Creates a to-do of yours.")
    public TodoView createTodo(
            @ToolArg(required = true) String title,
            @ToolArg(required = true) @Description("e.g. 2026-03-06") String due) {
        return TodoView.of(service().createTodo(title, due));
    }

    @ToolMethod(description = "Changes a to-do you own or that is shared with you for writing: title, due date, done.")
    public TodoView updateTodo(
            @ToolArg(required = true) String todoId,
            String title,
            @Description("e.g. 2026-03-06") String due,
            Boolean done) {
        return TodoView.of(service().updateTodo(todoId, title, due, done));
    }

    @ToolMethod(description = "Shares a to-do you own with a user: permission 'read' or 'write'.")
    public TodoView shareTodo(
            @ToolArg(required = true) String todoId,
            @ToolArg(required = true) String user,
            @ToolArg(required = true) @Description("read or write") String permission) {
        return TodoView.of(service().shareTodo(todoId, user, permission));
    }

    @ToolMethod(description = "Says you are done with the task; the episode ends (through step).")
    public Finished finish() {
        episode.get().finish();
        return new Finished(true, "Noted. The episode is over.");
    }

    private static Map<String, String> permissions(Map<String, World.Permission> shared) {
        var out = new TreeMap<String, String>();
        shared.forEach((user, p) -> out.put(user, p.wireName()));
        return out;
    }
}
