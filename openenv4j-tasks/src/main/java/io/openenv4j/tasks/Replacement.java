package io.openenv4j.tasks;

import java.util.Locale;

/** Whether a sampler may repeat a task before it has drawn every other one. */
public enum Replacement {
    /** Each epoch is a permutation of the shard: every task once, in a seeded order. */
    WITHOUT,
    /** Every draw is independent and uniform over the shard. */
    WITH;

    /** The wire name: {@code without_replacement} or {@code with_replacement}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT) + "_replacement";
    }

    /** Parses a wire name (also {@code with}/{@code without}, any case). */
    public static Replacement parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "without_replacement", "without" -> WITHOUT;
            case "with_replacement", "with" -> WITH;
            default ->
                throw new IllegalArgumentException(
                        "sampling must be without_replacement or with_replacement, got '" + text + "'");
        };
    }
}
