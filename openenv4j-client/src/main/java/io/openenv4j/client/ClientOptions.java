package io.openenv4j.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of a client. The defaults are the Python reference client's: 10 s to connect, 60 s
 * per reply, incoming messages up to 100 MiB; outgoing frames are kept to 16 MiB, the reference server's
 * (uvicorn's) limit, so that an oversized action fails here with a clear message instead of a 1009 close.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().withReplyTimeout(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param connectTimeout how long opening the connection (TCP and WebSocket handshake) may take
 * @param replyTimeout how long one request may wait for its reply; over WebSocket an expiry makes the
 *     connection unusable (see {@link EnvClient})
 * @param maxMessageBytes the largest incoming message accepted, in UTF-8 bytes
 * @param maxOutgoingBytes the largest outgoing frame sent, in UTF-8 bytes
 * @param accessToken the server's access token, sent as {@code Authorization: Bearer <token>} on every
 *     request and WebSocket handshake (docs/security.md), or {@code null} for none; never printed
 */
public record ClientOptions(
        Duration connectTimeout, Duration replyTimeout, int maxMessageBytes, int maxOutgoingBytes, String accessToken) {

    /** 100 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
    /** 16 MiB. */
    public static final int DEFAULT_MAX_OUTGOING_BYTES = 16 * 1024 * 1024;

    private static final ClientOptions DEFAULTS = new ClientOptions(
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            DEFAULT_MAX_MESSAGE_BYTES,
            DEFAULT_MAX_OUTGOING_BYTES,
            null);

    /** Options without an access token. */
    public ClientOptions(Duration connectTimeout, Duration replyTimeout, int maxMessageBytes, int maxOutgoingBytes) {
        this(connectTimeout, replyTimeout, maxMessageBytes, maxOutgoingBytes, null);
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when a timeout or limit is not positive
     */
    public ClientOptions {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(replyTimeout, "replyTimeout");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        if (maxOutgoingBytes <= 0) {
            throw new IllegalArgumentException("maxOutgoingBytes must be positive, got " + maxOutgoingBytes);
        }
    }

    /** The defaults: 10 s, 60 s, 100 MiB, 16 MiB. */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with another connect timeout. */
    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(timeout, replyTimeout, maxMessageBytes, maxOutgoingBytes, accessToken);
    }

    /** A copy with another reply timeout. */
    public ClientOptions withReplyTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxMessageBytes, maxOutgoingBytes, accessToken);
    }

    /** A copy with another incoming message limit. */
    public ClientOptions withMaxMessageBytes(int bytes) {
        return new ClientOptions(connectTimeout, replyTimeout, bytes, maxOutgoingBytes, accessToken);
    }

    /** A copy with another outgoing frame limit. */
    public ClientOptions withMaxOutgoingBytes(int bytes) {
        return new ClientOptions(connectTimeout, replyTimeout, maxMessageBytes, bytes, accessToken);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }

    /** A copy that sends {@code token} as {@code Authorization: Bearer <token>}; {@code null} for none. */
    public ClientOptions withAccessToken(String token) {
        return new ClientOptions(
                connectTimeout, replyTimeout, maxMessageBytes, maxOutgoingBytes, token == null ? null : token.strip());
    }

    /** The {@code Authorization} header value, or {@code null} without a token. */
    public String authorization() {
        return accessToken == null ? null : "Bearer " + accessToken;
    }

    @Override
    public String toString() {
        return "ClientOptions[connectTimeout=" + connectTimeout + ", replyTimeout=" + replyTimeout
                + ", maxMessageBytes="
                + maxMessageBytes + ", maxOutgoingBytes=" + maxOutgoingBytes + ", accessToken="
                + (accessToken == null ? "none" : "***") + "]";
    }
}
