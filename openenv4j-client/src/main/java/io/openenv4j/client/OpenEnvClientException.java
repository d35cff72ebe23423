package io.openenv4j.client;

import io.openenv4j.wire.OpenEnvException;

/**
 * The common base of everything the OpenEnv4j client throws. Each subclass is one kind of failure, so
 * callers catch exactly what they can handle:
 *
 * <ul>
 *   <li>{@link TransportException}: the connection failed (could not connect, closed, I/O error, timeout);
 *   <li>{@link ServerErrorException}: the server answered with an error frame;
 *   <li>{@link ProtocolException}: the server answered with something that is not a valid reply;
 *   <li>{@link ClientMisuseException}: the caller used the client wrongly (closed client, oversized frame);
 *   <li>{@link HttpStatusException}: an HTTP route answered with a non-2xx status;
 *   <li>{@link ToolCallFailedException}: a tool call through {@code step} could not be made.
 * </ul>
 *
 * <p>All are unchecked. Instances are immutable and may be shared between threads. The MCP client's
 * exceptions share the common base {@link OpenEnvException}: catch that to handle either client's failures,
 * and read {@link #failure()} for the kind.
 */
public abstract sealed class OpenEnvClientException extends OpenEnvException
        permits TransportException,
                ServerErrorException,
                ProtocolException,
                ClientMisuseException,
                HttpStatusException,
                ToolCallFailedException {

    private static final long serialVersionUID = 1L;

    OpenEnvClientException(Failure failure, String message, Throwable cause) {
        super(failure, message, cause);
    }
}
