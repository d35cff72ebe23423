package io.openenv4j.mcp.client;

/**
 * The server broke the protocol: a reply that is not JSON-RPC, a result without the fields MCP requires,
 * a protocol version this client does not speak, an HTTP reply of the wrong content type.
 *
 * <p>A malformed reply still answers its own request, so the client stays usable unless stated otherwise
 * (a failed {@code initialize} closes it). Lines on a stdio server's output that are not JSON are not
 * exceptions: they are logged and skipped, since servers print stray text there.
 */
public final class McpProtocolException extends McpClientException {

    private static final long serialVersionUID = 1L;

    /** A violation described by {@code message}. */
    public McpProtocolException(String message) {
        super(Failure.PROTOCOL, message, null);
    }

    /** A violation described by {@code message}, found through {@code cause}. */
    public McpProtocolException(String message, Throwable cause) {
        super(Failure.PROTOCOL, message, cause);
    }
}
