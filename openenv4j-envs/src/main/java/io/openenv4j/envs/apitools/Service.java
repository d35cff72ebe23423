package io.openenv4j.envs.apitools;

import io.openenv4j.envs.apitools.World.Event;
import io.openenv4j.envs.apitools.World.Permission;
import io.openenv4j.envs.apitools.World.Todo;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The calendar and to-do service, acting as one user: every call sees only what that user may see (their
 * own items, events they attend, items shared with them) and changes only what they may change (their own
 * items, items shared with write permission). Failures are {@link ServiceException}s of four kinds.
 *
 * <p>Not thread-safe; one episode uses it from one thread at a time.
 */
final class Service {

    /** A refused call; the message starts with the kind's wire name, as the agent reads it. */
    static final class ServiceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        enum Kind {
            PERMISSION_DENIED,
            CONFLICT,
            NOT_FOUND,
            BAD_INPUT
        }

        private final Kind kind;

        ServiceException(Kind kind, String message) {
            super(kind.name().toLowerCase(Locale.ROOT) + ": " + message);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }

    static final LocalTime DAY_START = LocalTime.of(9, 0);
    static final LocalTime DAY_END = LocalTime.of(17, 0);

    private final String actor;
    private World world;
    private int nextEvent;
    private int nextTodo;

    Service(World world, String actor) {
        this.world = Objects.requireNonNull(world, "world");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.nextEvent = world.events().size() + 1;
        this.nextTodo = world.todos().size() + 1;
    }

    World world() {
        return world;
    }

    String actor() {
        return actor;
    }

    // ----- events -----

    List<Event> events(LocalDate from, LocalDate to, String involving) {
        if (involving != null) {
            user(involving);
        }
        return world.events().stream()
                .filter(this::canSee)
                .filter(e -> from == null || !e.end().toLocalDate().isBefore(from))
                .filter(e -> to == null || !e.start().toLocalDate().isAfter(to))
                .filter(e -> involving == null || e.involves(involving))
                .sorted(java.util.Comparator.comparing(Event::start).thenComparing(Event::id))
                .toList();
    }

    Event event(String id) {
        Event event = world.events().stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElse(null);
        if (event == null || !canSee(event)) {
            throw new ServiceException(ServiceException.Kind.NOT_FOUND, "no event '" + id + "' that you can see");
        }
        return event;
    }

    Event createEvent(String title, String start, String end, List<String> attendees) {
        LocalDateTime from = dateTime("start", start);
        LocalDateTime to = dateTime("end", end);
        checkSpan(from, to);
        String name = required("title", title);
        var invited = new ArrayList<String>();
        for (String attendee : attendees == null ? List.<String>of() : attendees) {
            user(attendee);
            if (!attendee.equals(actor)) {
                invited.add(attendee);
            }
        }
        Event event = new Event("e" + nextEvent, actor, name, from, to, invited, Map.of());
        checkFree(event, null);
        nextEvent++;
        replaceEvents(events -> events.add(event));
        return event;
    }

    Event updateEvent(String id, String title, String start, String end) {
        Event old = event(id);
        requireWrite(old.owner(), old.sharedWith(), "event", id);
        LocalDateTime from = start == null ? old.start() : dateTime("start", start);
        LocalDateTime to = end == null ? old.end() : dateTime("end", end);
        checkSpan(from, to);
        Event updated = new Event(
                old.id(),
                old.owner(),
                title == null ? old.title() : required("title", title),
                from,
                to,
                old.attendees(),
                old.sharedWith());
        checkFree(updated, old.id());
        replaceEvents(events -> events.replaceAll(e -> e.id().equals(id) ? updated : e));
        return updated;
    }

    void deleteEvent(String id) {
        Event old = event(id);
        if (!old.owner().equals(actor)) {
            throw new ServiceException(
                    ServiceException.Kind.PERMISSION_DENIED,
                    "only the owner (" + old.owner() + ") may delete event '" + id + "'");
        }
        replaceEvents(events -> events.removeIf(e -> e.id().equals(id)));
    }

    Event shareEvent(String id, String user, String permission) {
        Event old = event(id);
        Permission granted = permission(permission);
        checkShare(old.owner(), user, "event", id);
        var shared = new HashMap<>(old.sharedWith());
        shared.put(user, granted);
        Event updated = new Event(old.id(), old.owner(), old.title(), old.start(), old.end(), old.attendees(), shared);
        replaceEvents(events -> events.replaceAll(e -> e.id().equals(id) ? updated : e));
        return updated;
    }

    /** When {@code user} is busy on {@code date} (their own and attended events), without any details. */
    List<LocalDateTime[]> busy(String user, LocalDate date) {
        user(user);
        return world.events().stream()
                .filter(e -> e.involves(user) && e.start().toLocalDate().equals(date))
                .sorted(java.util.Comparator.comparing(Event::start))
                .map(e -> new LocalDateTime[] {e.start(), e.end()})
                .toList();
    }

    // ----- to-dos -----

    List<Todo> todos(String owner, Boolean done) {
        if (owner != null) {
            user(owner);
        }
        return world.todos().stream()
                .filter(t -> t.owner().equals(actor) || t.sharedWith().containsKey(actor))
                .filter(t -> owner == null || t.owner().equals(owner))
                .filter(t -> done == null || t.done() == done)
                .sorted(java.util.Comparator.comparing(Todo::due).thenComparing(Todo::id))
                .toList();
    }

    Todo todo(String id) {
        Todo todo = world.todos().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElse(null);
        if (todo == null || !(todo.owner().equals(actor) || todo.sharedWith().containsKey(actor))) {
            throw new ServiceException(ServiceException.Kind.NOT_FOUND, "no to-do '" + id + "' that you can see");
        }
        return todo;
    }

    Todo createTodo(String title, String due) {
        Todo todo = new Todo("t" + nextTodo, actor, required("title", title), date("due", due), false, Map.of());
        nextTodo++;
        replaceTodos(todos -> todos.add(todo));
        return todo;
    }

    Todo updateTodo(String id, String title, String due, Boolean done) {
        Todo old = todo(id);
        requireWrite(old.owner(), old.sharedWith(), "to-do", id);
        Todo updated = new Todo(
                old.id(),
                old.owner(),
                title == null ? old.title() : required("title", title),
                due == null ? old.due() : date("due", due),
                done == null ? old.done() : done,
                old.sharedWith());
        replaceTodos(todos -> todos.replaceAll(t -> t.id().equals(id) ? updated : t));
        return updated;
    }

    Todo shareTodo(String id, String user, String permission) {
        Todo old = todo(id);
        Permission granted = permission(permission);
        checkShare(old.owner(), user, "to-do", id);
        var shared = new HashMap<>(old.sharedWith());
        shared.put(user, granted);
        Todo updated = new Todo(old.id(), old.owner(), old.title(), old.due(), old.done(), shared);
        replaceTodos(todos -> todos.replaceAll(t -> t.id().equals(id) ? updated : t));
        return updated;
    }

    // ----- rules -----

    private boolean canSee(Event event) {
        return event.involves(actor) || event.sharedWith().containsKey(actor);
    }

    private void requireWrite(String owner, Map<String, Permission> shared, String what, String id) {
        if (!owner.equals(actor) && shared.get(actor) != Permission.WRITE) {
            throw new ServiceException(
                    ServiceException.Kind.PERMISSION_DENIED,
                    "you may not change " + what + " '" + id + "' (owned by " + owner
                            + (shared.containsKey(actor) ? ", shared with you read-only)" : ")"));
        }
    }

    private void checkShare(String owner, String user, String what, String id) {
        if (!owner.equals(actor)) {
            throw new ServiceException(
                    ServiceException.Kind.PERMISSION_DENIED,
                    "only the owner (" + owner + ") may share " + what + " '" + id + "'");
        }
        user(user);
        if (user.equals(actor)) {
            throw new ServiceException(ServiceException.Kind.BAD_INPUT, "you own " + what + " '" + id + "' already");
        }
    }

    /** Refuses an event that overlaps another event of its owner or an attendee. */
    private void checkFree(Event event, String ignoring) {
        var people = new ArrayList<String>(event.attendees());
        people.add(0, event.owner());
        for (String person : people) {
            for (Event other : world.events()) {
                if (!other.id().equals(ignoring)
                        && other.involves(person)
                        && other.overlaps(event.start(), event.end())) {
                    throw new ServiceException(
                            ServiceException.Kind.CONFLICT,
                            person + " is busy from " + other.start() + " to " + other.end());
                }
            }
        }
    }

    private static void checkSpan(LocalDateTime from, LocalDateTime to) {
        if (!from.isBefore(to)) {
            throw new ServiceException(ServiceException.Kind.BAD_INPUT, "an event must end after it starts");
        }
        if (!from.toLocalDate().equals(to.toLocalDate())) {
            throw new ServiceException(ServiceException.Kind.BAD_INPUT, "an event must start and end on the same day");
        }
    }

    private World.User user(String id) {
        World.User user = id == null ? null : world.users().get(id);
        if (user == null) {
            throw new ServiceException(ServiceException.Kind.NOT_FOUND, "no user '" + id + "'; list_users names them");
        }
        return user;
    }

    private static Permission permission(String text) {
        for (Permission p : Permission.values()) {
            if (p.wireName().equals(text)) {
                return p;
            }
        }
        throw new ServiceException(
                ServiceException.Kind.BAD_INPUT, "permission must be 'read' or 'write', got '" + text + "'");
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ServiceException(ServiceException.Kind.BAD_INPUT, field + " must not be empty");
        }
        return value.strip();
    }

    static LocalDateTime dateTime(String field, String text) {
        try {
            return LocalDateTime.parse(Objects.requireNonNull(text, field).strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ServiceException(
                    ServiceException.Kind.BAD_INPUT,
                    field + " must be a local date-time such as " + "2026-03-03T10:30, got '" + text + "'");
        }
    }

    static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(Objects.requireNonNull(text, field).strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ServiceException(
                    ServiceException.Kind.BAD_INPUT, field + " must be a date such as 2026-03-06, got '" + text + "'");
        }
    }

    private void replaceEvents(java.util.function.Consumer<List<Event>> change) {
        var events = new ArrayList<>(world.events());
        change.accept(events);
        world = new World(world.today(), world.users(), events, world.todos());
    }

    private void replaceTodos(java.util.function.Consumer<List<Todo>> change) {
        var todos = new ArrayList<>(world.todos());
        change.accept(todos);
        world = new World(world.today(), world.users(), world.events(), todos);
    }
}
