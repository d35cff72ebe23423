package io.openenv4j.envs.browser;

import io.openenv4j.core.EnvironmentException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The keys the {@code press} action knows, with what CDP's {@code Input.dispatchKeyEvent} needs for each. */
final class Keys {

    /** One key: its DOM {@code key} and {@code code}, Windows key code and the text it types (or ""). */
    record Key(String key, String code, int keyCode, String text) {}

    private static final Map<String, Key> KEYS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (Key key : List.of(
                new Key("Enter", "Enter", 13, "\r"),
                new Key("Tab", "Tab", 9, ""),
                new Key("Escape", "Escape", 27, ""),
                new Key("Backspace", "Backspace", 8, ""),
                new Key("Delete", "Delete", 46, ""),
                new Key(" ", "Space", 32, " "),
                new Key("ArrowUp", "ArrowUp", 38, ""),
                new Key("ArrowDown", "ArrowDown", 40, ""),
                new Key("ArrowLeft", "ArrowLeft", 37, ""),
                new Key("ArrowRight", "ArrowRight", 39, ""),
                new Key("Home", "Home", 36, ""),
                new Key("End", "End", 35, ""),
                new Key("PageUp", "PageUp", 33, ""),
                new Key("PageDown", "PageDown", 34, ""))) {
            KEYS.put(key.key(), key);
        }
        KEYS.put("Space", KEYS.get(" "));
        KEYS.put("Return", KEYS.get("Enter"));
        KEYS.put("Esc", KEYS.get("Escape"));
    }

    private Keys() {}

    /**
     * The key named {@code name} (case-insensitive: {@code Enter}, {@code Tab}, {@code ArrowDown}, …).
     *
     * @throws EnvironmentException for a name it does not know
     */
    static Key named(String name) {
        Key key = name == null ? null : KEYS.get(name.trim());
        if (key == null) {
            throw new EnvironmentException("unknown key '" + name + "'; known keys: " + names());
        }
        return key;
    }

    static String names() {
        return String.join(
                ", ",
                KEYS.keySet().stream()
                        .filter(k -> !k.isBlank())
                        .map(k -> k.toLowerCase(Locale.ROOT))
                        .toList());
    }
}
