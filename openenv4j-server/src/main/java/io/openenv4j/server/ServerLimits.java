package io.openenv4j.server;

import java.time.Duration;

/**
 * How the server protects itself from slow, idle and greedy clients (docs/security.md).
 *
 * @param headerTimeout how long a connection may take to send a request's head (request line and headers),
 *     counted from when it opened or its previous response ended; a connection that takes longer is closed
 *     (slow headers, idle keep-alive connections)
 * @param bodyTimeout how long a request may take to send its body once its head arrived; longer gets 408
 *     and the connection is closed
 * @param maxConnectionsPerAddress the most connections one client address may hold open (HTTP and
 *     WebSocket); further ones are closed at once; {@code 0} for no limit, {@link #AUTO} for twice the session
 *     limit plus 64 (a trainer on one host opens one socket per session)
 */
public record ServerLimits(Duration headerTimeout, Duration bodyTimeout, int maxConnectionsPerAddress) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    /** Connections per address: twice the session limit plus 64. */
    public static final int AUTO = -1;

    public ServerLimits {
        positive(headerTimeout, "headerTimeout");
        positive(bodyTimeout, "bodyTimeout");
        if (maxConnectionsPerAddress < AUTO) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no limit) or more, got "
                    + maxConnectionsPerAddress);
        }
    }

    /** 30 s for a request head, 60 s for a body, {@link #AUTO} connections per address. */
    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, AUTO);
    }

    /** The per-address connection limit for a server of {@code maxSessions} sessions; 0 for none. */
    public int connectionsPerAddress(int maxSessions) {
        return maxConnectionsPerAddress == AUTO ? (int) Math.min(Integer.MAX_VALUE, 2L * maxSessions + 64)
                : maxConnectionsPerAddress;
    }

    public ServerLimits withHeaderTimeout(Duration timeout) {
        return new ServerLimits(timeout, bodyTimeout, maxConnectionsPerAddress);
    }

    public ServerLimits withBodyTimeout(Duration timeout) {
        return new ServerLimits(headerTimeout, timeout, maxConnectionsPerAddress);
    }

    public ServerLimits withMaxConnectionsPerAddress(int max) {
        return new ServerLimits(headerTimeout, bodyTimeout, max);
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
