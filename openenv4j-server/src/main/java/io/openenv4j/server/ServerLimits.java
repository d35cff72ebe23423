package io.openenv4j.server;

import java.time.Duration;

/**
 * How the server protects itself from slow, idle, greedy and stuck clients and environments (docs/security.md).
 *
 * @param headerTimeout how long a connection may take to send a request's head (request line and headers),
 *     counted from when it opened or its previous response ended; a connection that takes longer is closed
 *     (slow headers, idle keep-alive connections)
 * @param bodyTimeout how long a request may take to send its body once its head arrived; longer gets 408
 *     and the connection is closed
 * @param maxConnectionsPerAddress the most connections one client address may hold open (HTTP and
 *     WebSocket); further ones are closed at once; {@code 0} for no limit, {@link #AUTO} for twice the session
 *     limit plus 64 (a trainer on one host opens one socket per session)
 * @param stepTimeout how long one reset or step may run (WebSocket and HTTP) before it is interrupted and
 *     answered with an error; {@code null} for no limit
 * @param maxHeapUse the fraction of the maximum heap in use (after the last collection) above which new
 *     sessions and stateless calls are refused with {@code CAPACITY_REACHED}, so that running ones can finish;
 *     {@code 1} for no guard
 * @param maxPendingWriteBytes how many bytes of replies may wait for a slow reader on one WebSocket; a client
 *     that lets more pile up is disconnected (1008), so that it cannot fill the server's memory
 */
public record ServerLimits(
        Duration headerTimeout,
        Duration bodyTimeout,
        int maxConnectionsPerAddress,
        Duration stepTimeout,
        double maxHeapUse,
        int maxPendingWriteBytes) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    /** Connections per address: twice the session limit plus 64. */
    public static final int AUTO = -1;

    public static final double DEFAULT_MAX_HEAP_USE = 0.9;
    public static final int DEFAULT_MAX_PENDING_WRITE_BYTES = 64 * 1024 * 1024;

    public ServerLimits {
        positive(headerTimeout, "headerTimeout");
        positive(bodyTimeout, "bodyTimeout");
        if (stepTimeout != null) {
            positive(stepTimeout, "stepTimeout");
        }
        if (!(maxHeapUse > 0 && maxHeapUse <= 1)) {
            throw new IllegalArgumentException("maxHeapUse must be within (0, 1], got " + maxHeapUse);
        }
        if (maxPendingWriteBytes < 1024) {
            throw new IllegalArgumentException(
                    "maxPendingWriteBytes must be at least 1024, got " + maxPendingWriteBytes);
        }
        if (maxConnectionsPerAddress < AUTO) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerAddress must be 0 (no limit) or more, got " + maxConnectionsPerAddress);
        }
    }

    /** Timeouts, the connection limit and the defaults for the rest. */
    public ServerLimits(Duration headerTimeout, Duration bodyTimeout, int maxConnectionsPerAddress) {
        this(
                headerTimeout,
                bodyTimeout,
                maxConnectionsPerAddress,
                null,
                DEFAULT_MAX_HEAP_USE,
                DEFAULT_MAX_PENDING_WRITE_BYTES);
    }

    /**
     * 30 s for a request head, 60 s for a body, {@link #AUTO} connections per address, no step timeout, new
     * sessions refused above 90 % heap use, 64 MiB of replies waiting for a slow reader.
     */
    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, AUTO);
    }

    /** The per-address connection limit for a server of {@code maxSessions} sessions; 0 for none. */
    public int connectionsPerAddress(int maxSessions) {
        return maxConnectionsPerAddress == AUTO
                ? (int) Math.min(Integer.MAX_VALUE, 2L * maxSessions + 64)
                : maxConnectionsPerAddress;
    }

    public ServerLimits withHeaderTimeout(Duration timeout) {
        return new ServerLimits(
                timeout, bodyTimeout, maxConnectionsPerAddress, stepTimeout, maxHeapUse, maxPendingWriteBytes);
    }

    public ServerLimits withBodyTimeout(Duration timeout) {
        return new ServerLimits(
                headerTimeout, timeout, maxConnectionsPerAddress, stepTimeout, maxHeapUse, maxPendingWriteBytes);
    }

    public ServerLimits withMaxConnectionsPerAddress(int max) {
        return new ServerLimits(headerTimeout, bodyTimeout, max, stepTimeout, maxHeapUse, maxPendingWriteBytes);
    }

    public ServerLimits withStepTimeout(Duration timeout) {
        return new ServerLimits(
                headerTimeout, bodyTimeout, maxConnectionsPerAddress, timeout, maxHeapUse, maxPendingWriteBytes);
    }

    public ServerLimits withMaxHeapUse(double fraction) {
        return new ServerLimits(
                headerTimeout, bodyTimeout, maxConnectionsPerAddress, stepTimeout, fraction, maxPendingWriteBytes);
    }

    public ServerLimits withMaxPendingWriteBytes(int bytes) {
        return new ServerLimits(headerTimeout, bodyTimeout, maxConnectionsPerAddress, stepTimeout, maxHeapUse, bytes);
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
