package io.openenv4j.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The connection to the server failed: it could not be opened, it was closed, an I/O error occurred, a
 * reply did not arrive in time, or an incoming message was larger than the client accepts. {@link #kind()}
 * says which.
 *
 * <p>Except for {@link Kind#INTERRUPTED} while waiting for the client's turn, a WebSocket client that
 * threw this is no longer usable: connect a new one.
 */
public final class TransportException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    /** What went wrong with the transport. */
    public enum Kind {
        /** The connection (or the WebSocket handshake) could not be established. */
        CONNECT_FAILED,
        /** The connection was closed, by the server, by the network or earlier by this client's own handling. */
        CLOSED,
        /** Reading or writing failed. */
        IO,
        /** A reply did not arrive within the reply timeout. */
        TIMEOUT,
        /** An incoming message exceeded {@link ClientOptions#maxMessageBytes()}. */
        MESSAGE_TOO_LARGE,
        /** The calling thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int closeCode;

    /** A failure of {@code kind}, without a close code. */
    public TransportException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, -1);
    }

    /** A failure of {@code kind}; {@code closeCode} is the server's WebSocket close code, or -1. */
    public TransportException(Kind kind, String message, Throwable cause, int closeCode) {
        super(Failure.TRANSPORT, message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.closeCode = closeCode;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The WebSocket close code the server sent, when the connection was closed by a close frame. */
    public OptionalInt closeCode() {
        return closeCode < 0 ? OptionalInt.empty() : OptionalInt.of(closeCode);
    }
}
