package io.openenv4j.wire;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenEnv4j extensions of the OpenEnv wire protocol, each with its own version (docs/protocol.md,
 * "Versions of the extensions").
 *
 * <p>A server names the extensions it offers, with their versions, in the {@value #HEADER} header of its
 * {@code GET /metadata} reply, as a structured-field dictionary (RFC 8941) such as
 * {@code measured-fields=1, ws-batch=1}. The body of {@code /metadata} keeps the reference's shape. A version
 * moves when an extension changes incompatibly (a field removed or retyped, a new required field, a changed
 * meaning); additions that old clients ignore keep it.
 */
public enum WireExtension {
    /** Batched stepping of N environments over one WebSocket, {@code /ws/batch?envs=N}. */
    WS_BATCH("ws-batch", 1),
    /** The token-protected trainer channel, {@code /trainer/episodes}; offered only with a token. */
    TRAINER("trainer", 1),
    /** The {@code REWARD_ERROR} error code of a failed reward provider; offered only with a reward provider. */
    REWARD_ERROR("reward-error", 1),
    /** The {@code measured_fields} key of {@code /metadata}: observation fields that carry live measurements. */
    MEASURED_FIELDS("measured-fields", 1);

    /** The response header of {@code GET /metadata} that lists a server's extensions. */
    public static final String HEADER = "OpenEnv4j-Extensions";

    private final String key;
    private final int version;

    WireExtension(String key, int version) {
        this.key = key;
        this.version = version;
    }

    /** The extension's key in the {@value #HEADER} header, such as {@code ws-batch}. */
    public String key() {
        return key;
    }

    /** The extension's current version (1 for every extension so far). */
    public int version() {
        return version;
    }

    /** The header value that announces the given extensions, in the order of this enum. */
    public static String header(Collection<WireExtension> offered) {
        var sorted = offered.isEmpty() ? EnumSet.noneOf(WireExtension.class) : EnumSet.copyOf(offered);
        return sorted.stream().map(e -> e.key + "=" + e.version).collect(Collectors.joining(", "));
    }

    /**
     * The extensions and versions a {@value #HEADER} header announces, by key, in order; members that are not
     * a key with an integer version (a future syntax) are left out rather than failing. A {@code null} or
     * empty header (a server without extensions, such as the Python reference) gives an empty map.
     */
    public static Map<String, Integer> parse(String header) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        if (header == null) {
            return versions;
        }
        for (String member : header.split(",")) {
            String[] parts = member.split(";", 2)[0].split("=", 2);
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || parts.length < 2) {
                continue;
            }
            try {
                versions.put(name, Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // not an integer version: a syntax this client does not know
            }
        }
        return versions;
    }
}
