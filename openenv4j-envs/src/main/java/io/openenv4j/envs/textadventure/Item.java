package io.openenv4j.envs.textadventure;

import java.util.List;
import java.util.Locale;

/** The things a player can pick up. */
enum Item {
    KEY(
            "brass key",
            "a brass key",
            List.of("key", "brass key", "small key"),
            "A small brass key, worn smooth by years of use."),
    IDOL(
            "golden idol",
            "a golden idol",
            List.of("idol", "golden idol", "gold idol", "statue", "treasure"),
            "A heavy golden idol of a grinning cat. It gleams even in dim light."),
    BREAD(
            "loaf of bread",
            "a loaf of bread",
            List.of("bread", "loaf", "loaf of bread"),
            "A loaf of bread, hard as a stone."),
    ROPE("coil of rope", "a coil of rope", List.of("rope", "coil", "coil of rope"), "A coil of sturdy hemp rope."),
    BOOK(
            "dusty book",
            "a dusty book",
            List.of("book", "dusty book", "diary", "notebook"),
            "A dusty book titled \"Household Accounts\". Someone has pencilled notes inside; you could read it.");

    private final String title;
    private final String withArticle;
    private final List<String> names;
    private final String description;

    Item(String title, String withArticle, List<String> names, String description) {
        this.title = title;
        this.withArticle = withArticle;
        this.names = names;
        this.description = description;
    }

    /** The item's name, as observations list it: {@code "brass key"}. */
    String title() {
        return title;
    }

    String withArticle() {
        return withArticle;
    }

    String description() {
        return description;
    }

    /** The short id the state uses: {@code "key"}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the player's words ({@code "the brass key"} without the article) mean this item. */
    boolean isCalled(String phrase) {
        if (names.contains(phrase)) {
            return true;
        }
        // "shiny key" still means the key: the last word names the thing, the others only describe it
        String last = phrase.substring(phrase.lastIndexOf(' ') + 1);
        return names.contains(last);
    }
}
