package io.openenv4j.mcp.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The connection to the MCP server failed, or a reply did not come in time. {@link #kind()} says which.
 *
 * <p>After {@link Kind#TIMEOUT} and {@link Kind#INTERRUPTED} the client has sent {@code
 * notifications/cancelled} for the request and stays usable (MCP correlates replies by id, so a late reply
 * is recognised and dropped). After {@link Kind#CLOSED} and {@link Kind#SESSION_EXPIRED} the client is no
 * longer usable: connect a new one. After {@link Kind#CONNECT_FAILED}, {@link Kind#IO} and {@link
 * Kind#HTTP_STATUS} over HTTP the client stays open and the next request tries again; over stdio an I/O
 * failure closes the client.
 */
public final class McpTransportException extends McpClientException {

    private static final long serialVersionUID = 1L;

    /** What went wrong with the transport. */
    public enum Kind {
        /** The server process could not be started, or the HTTP connection could not be opened. */
        CONNECT_FAILED,
        /** The server process exited or closed its output, or the client was closed meanwhile. */
        CLOSED,
        /** Reading or writing failed. */
        IO,
        /** The HTTP server answered with a status MCP gives no meaning to (see {@link #httpStatus()}). */
        HTTP_STATUS,
        /** The HTTP server no longer knows the session ({@code 404} to a request carrying {@code Mcp-Session-Id}). */
        SESSION_EXPIRED,
        /** The reply did not arrive within the request's timeout; the request was cancelled. */
        TIMEOUT,
        /** The calling thread was interrupted while waiting; the request was cancelled. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int httpStatus;

    /** A failure of {@code kind} without an HTTP status. */
    public McpTransportException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, -1);
    }

    /** A failure of {@code kind}; {@code httpStatus} is the HTTP status the server sent, or -1. */
    public McpTransportException(Kind kind, String message, Throwable cause, int httpStatus) {
        super(Failure.TRANSPORT, message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status code, for {@link Kind#HTTP_STATUS} and {@link Kind#SESSION_EXPIRED}. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
