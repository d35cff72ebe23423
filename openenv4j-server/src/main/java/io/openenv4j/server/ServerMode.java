package io.openenv4j.server;

import java.util.Locale;

/** Which routes a server offers. */
public enum ServerMode {
    /** Everything, including the simulation-control routes {@code POST /reset}, {@code POST /step}, {@code GET /state}. */
    SIMULATION,
    /** No HTTP simulation-control routes; the agent-facing surface ({@code /mcp}, {@code /ws}, info routes) stays. */
    PRODUCTION;

    /** Parses {@code simulation} or {@code production}, in any case. */
    public static ServerMode parse(String text) {
        for (ServerMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "': expected simulation or production");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
