package io.openenv4j.mcp.client;

import io.openenv4j.wire.OpenEnvException;

/**
 * The common base of everything {@link McpClient} throws. Each subclass is one kind of failure, so callers
 * catch exactly what they can handle:
 *
 * <ul>
 *   <li>{@link McpTransportException}: the connection failed (process could not start or exited, HTTP
 *       error status, expired session, I/O error, a reply that did not come in time);
 *   <li>{@link McpServerErrorException}: the server answered the request with a JSON-RPC error;
 *   <li>{@link McpProtocolException}: the server answered with something MCP does not allow;
 *   <li>{@link McpClientMisuseException}: the caller used the client wrongly (closed client, arguments that
 *       are not JSON).
 * </ul>
 *
 * <p>A tool that ran and failed is not an exception: its {@link McpToolResult#isError()} is set.
 *
 * <p>All are unchecked. Instances are immutable and may be shared between threads. The OpenEnv client's
 * exceptions share the common base {@link OpenEnvException}: catch that to handle either client's failures,
 * and read {@link #failure()} for the kind.
 */
public abstract sealed class McpClientException extends OpenEnvException
        permits McpTransportException, McpServerErrorException, McpProtocolException, McpClientMisuseException {

    private static final long serialVersionUID = 1L;

    McpClientException(Failure failure, String message, Throwable cause) {
        super(failure, message, cause);
    }
}
