package io.openenv4j.envs.textadventure;

/** What the parser made of a line the player typed. */
sealed interface Command {

    /** Go one way. */
    record Go(Direction direction) implements Command {}

    /** Go to a neighbouring room named by the player ({@code "go to the kitchen"}). */
    record GoTo(String place) implements Command {}

    /** Describe the room again. */
    record Look() implements Command {}

    /** Look closely at something. */
    record Examine(String noun) implements Command {}

    /** Pick something up ({@code "all"} takes everything here). */
    record Take(String noun) implements Command {}

    /** Put something down. */
    record Drop(String noun) implements Command {}

    /** List what the player carries. */
    record Inventory() implements Command {}

    record Open(String noun) implements Command {}

    record Close(String noun) implements Command {}

    /** Unlock {@code target} (may be empty: whatever is here) with {@code tool} (may be empty: whatever fits). */
    record Unlock(String target, String tool) implements Command {}

    /** Use {@code tool}, on {@code target} if given (may be empty). */
    record Use(String tool, String target) implements Command {}

    record Read(String noun) implements Command {}

    record Help() implements Command {}

    record Wait() implements Command {}

    /** A command the parser recognised but that lacks something; {@code reply} asks for it. */
    record Incomplete(String reply) implements Command {}

    /** Words the parser could not make sense of. */
    record Unknown(String text) implements Command {}
}
