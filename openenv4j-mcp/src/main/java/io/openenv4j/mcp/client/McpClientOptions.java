package io.openenv4j.mcp.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Timeouts, limits and identity of an {@link McpClient}.
 *
 * <pre>{@code
 * McpClientOptions options = McpClientOptions.defaults()
 *         .withRequestTimeout(Duration.ofSeconds(30))
 *         .withListener(new McpListener() { … });
 * }</pre>
 *
 * @param connectTimeout how long starting the server process or opening the HTTP connection, and the
 *     {@code initialize} handshake, may take
 * @param requestTimeout how long a request waits for its reply unless the call names its own timeout
 * @param protocolVersion the MCP version offered in {@code initialize}; one of {@link #SUPPORTED_VERSIONS}
 * @param clientName the {@code clientInfo.name} sent in {@code initialize}
 * @param clientVersion the {@code clientInfo.version} sent in {@code initialize}
 * @param listener receives the server's progress, log and other notifications
 * @param maxMessageBytes the largest incoming message accepted, in bytes
 */
public record McpClientOptions(
        Duration connectTimeout,
        Duration requestTimeout,
        String protocolVersion,
        String clientName,
        String clientVersion,
        McpListener listener,
        int maxMessageBytes) {

    /** The MCP versions this client speaks, newest first. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    /** 100 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

    private static final McpClientOptions DEFAULTS = new McpClientOptions(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            SUPPORTED_VERSIONS.get(0),
            "openenv4j",
            "0.1.0",
            McpListener.NONE,
            DEFAULT_MAX_MESSAGE_BYTES);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when a timeout or the limit is not positive, or the protocol
     *     version is not supported
     */
    public McpClientOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        if (!SUPPORTED_VERSIONS.contains(protocolVersion)) {
            throw new IllegalArgumentException(
                    "protocolVersion must be one of " + SUPPORTED_VERSIONS + ", got " + protocolVersion);
        }
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(listener, "listener");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
    }

    /** 30 s to connect and initialize, 60 s per request, the newest protocol version, no listener, 100 MiB. */
    public static McpClientOptions defaults() {
        return DEFAULTS;
    }

    public McpClientOptions withConnectTimeout(Duration timeout) {
        return new McpClientOptions(
                timeout, requestTimeout, protocolVersion, clientName, clientVersion, listener, maxMessageBytes);
    }

    public McpClientOptions withRequestTimeout(Duration timeout) {
        return new McpClientOptions(
                connectTimeout, timeout, protocolVersion, clientName, clientVersion, listener, maxMessageBytes);
    }

    public McpClientOptions withProtocolVersion(String version) {
        return new McpClientOptions(
                connectTimeout, requestTimeout, version, clientName, clientVersion, listener, maxMessageBytes);
    }

    public McpClientOptions withClientInfo(String name, String version) {
        return new McpClientOptions(
                connectTimeout, requestTimeout, protocolVersion, name, version, listener, maxMessageBytes);
    }

    public McpClientOptions withListener(McpListener newListener) {
        return new McpClientOptions(
                connectTimeout,
                requestTimeout,
                protocolVersion,
                clientName,
                clientVersion,
                newListener,
                maxMessageBytes);
    }

    public McpClientOptions withMaxMessageBytes(int bytes) {
        return new McpClientOptions(
                connectTimeout, requestTimeout, protocolVersion, clientName, clientVersion, listener, bytes);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
