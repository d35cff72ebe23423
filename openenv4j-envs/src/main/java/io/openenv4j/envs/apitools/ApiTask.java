package io.openenv4j.envs.apitools;

import io.openenv4j.core.EnvironmentException;
import io.openenv4j.envs.apitools.World.Event;
import io.openenv4j.envs.apitools.World.Permission;
import io.openenv4j.envs.apitools.World.Todo;
import io.openenv4j.envs.apitools.World.User;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One task on the calendar and to-do service, drawn from a seed: the starting world, the user the agent acts
 * as, what it is told, and the world the hidden {@link Checker} expects at the end (the ground truth, never
 * shown to the agent).
 *
 * @param kind which template
 * @param actor the user every tool call acts as
 * @param instruction what the agent is asked to do
 * @param parameters the instruction's facts as fields (nothing the instruction does not say)
 * @param initial the world at reset
 * @param expected the world the checker wants at the end
 */
record ApiTask(
        Kind kind, String actor, String instruction, Map<String, Object> parameters, World initial, World expected) {

    /** The task templates; wire names are what reset option {@code task} takes. */
    enum Kind {
        SCHEDULE,
        MOVE_OVERDUE,
        SHARE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(Object value) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(String.valueOf(value).trim())) {
                    return kind;
                }
            }
            throw new EnvironmentException(
                    "reset option 'task' must be one of schedule, move_overdue, share; got '" + value + "'");
        }
    }

    private static final List<String> NAMES = List.of("Alice", "Bob", "Carol", "Dave", "Erin");
    private static final List<String> MEETINGS =
            List.of("Standup", "Design review", "1:1", "Planning", "Lunch", "Customer call", "Interview", "Retro");
    private static final List<String> CHORES = List.of(
            "Write report",
            "Book travel",
            "Review budget",
            "Call supplier",
            "Update roadmap",
            "File expenses",
            "Prepare slides",
            "Order supplies");

    ApiTask {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    static ApiTask draw(Kind kind, long seed) {
        var random = new Random(seed);
        LocalDate today = LocalDate.of(2026, 1, 5).plusWeeks(random.nextInt(40)); // a Monday
        var users = new LinkedHashMap<String, User>();
        NAMES.forEach(n -> users.put(n.toLowerCase(Locale.ROOT), new User(n.toLowerCase(Locale.ROOT), n)));
        var ids = new ArrayList<>(users.keySet());
        String actor = ids.get(0);
        var events = new ArrayList<Event>();
        var todos = new ArrayList<Todo>();
        populate(random, today, ids, events, todos);
        World initial = new World(today, users, renumberEvents(events), renumberTodos(todos));
        return switch (kind) {
            case SCHEDULE -> schedule(random, actor, initial);
            case MOVE_OVERDUE -> moveOverdue(random, actor, initial);
            case SHARE -> share(random, actor, initial);
        };
    }

    /** A busy week: events for everyone (some with guests), and to-dos, some overdue, some shared. */
    private static void populate(
            Random random, LocalDate today, List<String> users, List<Event> events, List<Todo> todos) {
        for (int day = 0; day < 5; day++) {
            LocalDate date = today.plusDays(day);
            for (String owner : users) {
                for (int i = 0; i < 2 + random.nextInt(2); i++) {
                    LocalDateTime start = date.atTime(9, 0).plusMinutes(30L * random.nextInt(15));
                    LocalDateTime end = start.plusMinutes(30L * (1 + random.nextInt(3)));
                    if (end.toLocalTime().isAfter(Service.DAY_END)
                            || end.toLocalDate().isAfter(date)) {
                        continue;
                    }
                    var guests = new ArrayList<String>();
                    if (random.nextInt(3) == 0) {
                        String guest = users.get(random.nextInt(users.size()));
                        if (!guest.equals(owner)) {
                            guests.add(guest);
                        }
                    }
                    Event event = new Event(
                            "", owner, MEETINGS.get(random.nextInt(MEETINGS.size())), start, end, guests, Map.of());
                    boolean clash = events.stream()
                            .anyMatch(e -> e.overlaps(start, end)
                                    && (e.involves(owner) || guests.stream().anyMatch(e::involves)));
                    if (!clash) {
                        events.add(event);
                    }
                }
            }
        }
        for (String owner : users) {
            for (int i = 0; i < 4; i++) {
                LocalDate due = today.plusDays(random.nextInt(10) - 5);
                boolean done = random.nextInt(4) == 0;
                todos.add(new Todo("", owner, CHORES.get(random.nextInt(CHORES.size())), due, done, Map.of()));
            }
        }
    }

    private static ApiTask schedule(Random random, String actor, World initial) {
        String guest = pickOther(random, actor, initial);
        int offset = random.nextInt(4);
        int minutes = 30 * (1 + random.nextInt(2));
        String title = "Sync with " + initial.users().get(guest).name();
        var service = new Service(initial, actor);
        LocalDate date = null;
        LocalDateTime slot = null;
        // A day when the two have a common free slot (nearly always the first one tried).
        for (int i = 0; i < 4 && slot == null; i++) {
            date = initial.today().plusDays(1 + (offset + i) % 4);
            slot = firstFreeSlot(service, List.of(actor, guest), date, minutes);
        }
        if (slot == null) {
            throw new IllegalStateException("no common free slot this week");
        }
        var events = new ArrayList<>(initial.events());
        events.add(new Event("", actor, title, slot, slot.plusMinutes(minutes), List.of(guest), Map.of()));
        String day = date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        String instruction =
                "Schedule a " + minutes + "-minute meeting titled '" + title + "' with " + guest + " on " + day
                        + " " + date
                        + ", at the earliest time when both of you are free (working hours 09:00-17:00, starting on"
                        + " the hour or half hour).";
        return new ApiTask(
                Kind.SCHEDULE,
                actor,
                instruction,
                Map.of("attendee", guest, "date", date.toString(), "duration_minutes", minutes, "title", title),
                initial,
                new World(initial.today(), initial.users(), events, initial.todos()));
    }

    private static ApiTask moveOverdue(Random random, String actor, World initial) {
        String owner = pickOther(random, actor, initial);
        LocalDate friday = initial.today().with(DayOfWeek.FRIDAY);
        // The owner shares every to-do with the actor, with write permission; a third user shares one read-only.
        String bystander = initial.users().keySet().stream()
                .filter(u -> !u.equals(actor) && !u.equals(owner))
                .sorted()
                .findFirst()
                .orElseThrow();
        var todos = new ArrayList<Todo>();
        var moved = new ArrayList<Todo>();
        for (Todo todo : initial.todos()) {
            Todo shared = todo;
            if (todo.owner().equals(owner)) {
                shared = new Todo(
                        todo.id(), owner, todo.title(), todo.due(), todo.done(), Map.of(actor, Permission.WRITE));
            } else if (todo.owner().equals(bystander) && todo.due().isBefore(initial.today()) && !todo.done()) {
                shared =
                        new Todo(todo.id(), bystander, todo.title(), todo.due(), false, Map.of(actor, Permission.READ));
            }
            todos.add(shared);
            boolean overdue = shared.owner().equals(owner)
                    && !shared.done()
                    && shared.due().isBefore(initial.today());
            moved.add(
                    overdue
                            ? new Todo(shared.id(), owner, shared.title(), friday, false, shared.sharedWith())
                            : shared);
        }
        // At least one overdue to-do, so that the task is never already done.
        if (moved.equals(todos)) {
            Todo first = todos.stream()
                    .filter(t -> t.owner().equals(owner))
                    .findFirst()
                    .orElseThrow();
            Todo overdue =
                    new Todo(first.id(), owner, first.title(), initial.today().minusDays(2), false, first.sharedWith());
            todos.replaceAll(t -> t.id().equals(first.id()) ? overdue : t);
            moved.replaceAll(t -> t.id().equals(first.id())
                    ? new Todo(first.id(), owner, first.title(), friday, false, first.sharedWith())
                    : t);
        }
        World start = new World(initial.today(), initial.users(), initial.events(), todos);
        String instruction = "Move all of " + owner + "'s overdue to-dos (not done, due before today, "
                + initial.today() + ") to Friday " + friday + ". Leave everything else as it is.";
        return new ApiTask(
                Kind.MOVE_OVERDUE,
                actor,
                instruction,
                Map.of("owner", owner, "today", initial.today().toString(), "new_due", friday.toString()),
                start,
                new World(initial.today(), initial.users(), initial.events(), moved));
    }

    private static ApiTask share(Random random, String actor, World initial) {
        String with = pickOther(random, actor, initial);
        Permission permission = random.nextBoolean() ? Permission.READ : Permission.WRITE;
        String title = "Quarterly review";
        String other = initial.users().keySet().stream()
                .filter(u -> !u.equals(actor) && !u.equals(with))
                .sorted()
                .findFirst()
                .orElseThrow();
        LocalDate day = initial.today().plusDays(random.nextInt(5));
        var events = new ArrayList<>(initial.events());
        // Decoys: the same title owned by someone else and visible to the actor; a similar title of the actor's.
        events.add(new Event(
                "", other, title, day.atTime(LocalTime.of(17, 0)), day.atTime(17, 30), List.of(actor), Map.of()));
        events.add(new Event("", actor, title + " prep", day.atTime(7, 0), day.atTime(7, 30), List.of(), Map.of()));
        events.add(new Event("", actor, title, day.atTime(7, 30), day.atTime(8, 30), List.of(), Map.of()));
        World start = new World(initial.today(), initial.users(), renumberEvents(events), initial.todos());
        var expected = new ArrayList<Event>();
        for (Event event : start.events()) {
            boolean target = event.owner().equals(actor) && event.title().equals(title);
            expected.add(
                    target
                            ? new Event(
                                    event.id(),
                                    actor,
                                    title,
                                    event.start(),
                                    event.end(),
                                    event.attendees(),
                                    Map.of(with, permission))
                            : event);
        }
        String instruction =
                "Share your event '" + title + "' with " + with + " with " + permission.wireName() + " permission"
                        + (permission == Permission.WRITE ? " (so that they can edit it)" : " (view only)") + ".";
        return new ApiTask(
                Kind.SHARE,
                actor,
                instruction,
                Map.of("title", title, "user", with, "permission", permission.wireName()),
                start,
                new World(start.today(), start.users(), expected, start.todos()));
    }

    /**
     * The earliest half-hour slot of {@code minutes} on {@code date} in working hours when everyone is free, or
     * {@code null}.
     */
    static LocalDateTime firstFreeSlot(Service service, List<String> people, LocalDate date, int minutes) {
        for (LocalDateTime slot = date.atTime(Service.DAY_START);
                !slot.plusMinutes(minutes).toLocalTime().isAfter(Service.DAY_END)
                        && slot.toLocalDate().equals(date);
                slot = slot.plusMinutes(30)) {
            LocalDateTime from = slot;
            LocalDateTime to = slot.plusMinutes(minutes);
            boolean free = people.stream()
                    .allMatch(p ->
                            service.busy(p, date).stream().noneMatch(b -> b[0].isBefore(to) && from.isBefore(b[1])));
            if (free) {
                return slot;
            }
        }
        return null;
    }

    private static String pickOther(Random random, String actor, World world) {
        var others = world.users().keySet().stream()
                .filter(u -> !u.equals(actor))
                .sorted()
                .toList();
        return others.get(random.nextInt(others.size()));
    }

    private static List<Event> renumberEvents(List<Event> events) {
        var sorted = new ArrayList<Event>();
        for (int i = 0; i < events.size(); i++) {
            sorted.add(events.get(i).withId("e" + (i + 1)));
        }
        return sorted;
    }

    private static List<Todo> renumberTodos(List<Todo> todos) {
        var sorted = new ArrayList<Todo>();
        for (int i = 0; i < todos.size(); i++) {
            sorted.add(todos.get(i).withId("t" + (i + 1)));
        }
        return sorted;
    }
}
