package io.openenv4j.envs.apitools;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calendar and to-do service's data at one moment: users, events and to-dos with their sharing. Immutable;
 * the {@link Service} replaces it on every change, which makes snapshots for the checker free.
 *
 * @param today the service's "today" (a Monday)
 * @param users the users, by id
 * @param events every event, by id order
 * @param todos every to-do, by id order
 */
record World(LocalDate today, Map<String, User> users, List<Event> events, List<Todo> todos) {

    World {
        users = Map.copyOf(users);
        events = List.copyOf(events);
        todos = List.copyOf(todos);
    }

    /** Who can see or change a shared item besides its owner. */
    enum Permission {
        READ,
        WRITE;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record User(String id, String name) {}

    /**
     * A calendar event; its owner attends it implicitly.
     *
     * @param attendees invited users other than the owner, sorted
     * @param sharedWith users who may see (read) or also change (write) it, sorted by user
     */
    record Event(
            String id,
            String owner,
            String title,
            LocalDateTime start,
            LocalDateTime end,
            List<String> attendees,
            Map<String, Permission> sharedWith) {
        Event {
            attendees = attendees.stream().sorted().distinct().toList();
            sharedWith = java.util.Collections.unmodifiableMap(new TreeMap<>(sharedWith));
        }

        boolean involves(String user) {
            return owner.equals(user) || attendees.contains(user);
        }

        boolean overlaps(LocalDateTime from, LocalDateTime to) {
            return start.isBefore(to) && from.isBefore(end);
        }

        Event withId(String newId) {
            return new Event(newId, owner, title, start, end, attendees, sharedWith);
        }
    }

    /** A to-do item. */
    record Todo(
            String id, String owner, String title, LocalDate due, boolean done, Map<String, Permission> sharedWith) {
        Todo {
            sharedWith = java.util.Collections.unmodifiableMap(new TreeMap<>(sharedWith));
        }

        Todo withId(String newId) {
            return new Todo(newId, owner, title, due, done, sharedWith);
        }
    }

    /**
     * The world without ids, in a canonical order: two worlds with the same content compare equal however
     * their items were created.
     */
    World contentOnly() {
        return new World(
                today,
                users,
                events.stream()
                        .map(e -> e.withId(""))
                        .sorted(Comparator.comparing(Event::toString))
                        .toList(),
                todos.stream()
                        .map(t -> t.withId(""))
                        .sorted(Comparator.comparing(Todo::toString))
                        .toList());
    }
}
