package io.openenv4j.envs.textadventure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rooms of the house and how they connect:
 *
 * <pre>
 *              Study
 *                | (oak door)
 *   Library -- Hall -- Kitchen
 *                |
 *             Garden -- Shed
 * </pre>
 */
enum Room {
    GARDEN(
            "Garden",
            "You are in an overgrown garden in front of an old stone house. The entrance of the house,"
                    + " its door long gone, lies open to the north, and a mossy path leads east to a wooden shed."),
    SHED(
            "Shed",
            "A cramped wooden shed that smells of oil and damp earth. Shelves of rusty tools line the walls."
                    + " The only way out is west, back to the garden."),
    HALL(
            "Hall",
            "A dim entrance hall with a creaking wooden floor. Doorways lead east to the kitchen and west to"
                    + " the library; the garden is back to the south. To the north is a heavy oak door"),
    KITCHEN(
            "Kitchen",
            "An old kitchen with a cold iron stove and a long scrubbed table. The hall is back to the west."),
    LIBRARY(
            "Library",
            "Tall bookshelves reach the ceiling of this quiet library, and a leather armchair sits by the"
                    + " empty fireplace. The hall is back to the east."),
    STUDY(
            "Study",
            "A small study lit by a single high window, with a writing desk against the wall. To the south,"
                    + " back to the hall, is the oak door");

    private final String title;
    private final String description;

    Room(String title, String description) {
        this.title = title;
        this.description = description;
    }

    String title() {
        return title;
    }

    /** The room's prose, without its items; the hall's and the study's go on with the oak door's state. */
    String description() {
        return description;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where going {@code direction} from here leads, or {@code null} when there is no way. */
    Room exit(Direction direction) {
        return switch (this) {
            case GARDEN -> direction == Direction.NORTH ? HALL : direction == Direction.EAST ? SHED : null;
            case SHED -> direction == Direction.WEST ? GARDEN : null;
            case HALL ->
                switch (direction) {
                    case NORTH -> STUDY;
                    case SOUTH -> GARDEN;
                    case EAST -> KITCHEN;
                    case WEST -> LIBRARY;
                    case UP, DOWN -> null;
                };
            case KITCHEN -> direction == Direction.WEST ? HALL : null;
            case LIBRARY -> direction == Direction.EAST ? HALL : null;
            case STUDY -> direction == Direction.SOUTH ? HALL : null;
        };
    }

    /** Whether the way {@code direction} from here goes through the oak door. */
    boolean throughDoor(Direction direction) {
        return (this == HALL && direction == Direction.NORTH) || (this == STUDY && direction == Direction.SOUTH);
    }

    /** Whether the oak door is in this room. */
    boolean hasDoor() {
        return this == HALL || this == STUDY;
    }

    /** The directions with a way out, in compass order. */
    List<Direction> exits() {
        var exits = new ArrayList<Direction>();
        for (Direction direction : Direction.values()) {
            if (exit(direction) != null) {
                exits.add(direction);
            }
        }
        return exits;
    }
}
