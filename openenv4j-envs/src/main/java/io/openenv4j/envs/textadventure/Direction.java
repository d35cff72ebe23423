package io.openenv4j.envs.textadventure;

import java.util.Locale;

/** A compass direction (or up and down) a player may try to go. */
enum Direction {
    NORTH("n"),
    SOUTH("s"),
    EAST("e"),
    WEST("w"),
    UP("u"),
    DOWN("d");

    private final String abbreviation;

    Direction(String abbreviation) {
        this.abbreviation = abbreviation;
    }

    /** The lower-case name, as the observation lists exits. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction a word names ({@code "north"} or {@code "n"}), or {@code null}. */
    static Direction parse(String word) {
        for (Direction direction : values()) {
            if (direction.wireName().equals(word) || direction.abbreviation.equals(word)) {
                return direction;
            }
        }
        return null;
    }
}
