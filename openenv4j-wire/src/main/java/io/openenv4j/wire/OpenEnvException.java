package io.openenv4j.wire;

import java.util.Objects;

/**
 * The common base of everything OpenEnv4j's two clients throw: the OpenEnv client ({@code
 * io.openenv4j.client.OpenEnvClientException}: {@code EnvClient}, {@code ToolClient}, {@code EnvHttpClient},
 * {@code TrainerClient}) and the MCP client ({@code io.openenv4j.mcp.client.McpClientException}: {@code
 * McpClient}). Catch this type to handle a failure of either client in one place; {@link #failure()} says
 * which kind of failure it is, and each kind is one exception type per client:
 *
 * <table>
 *   <caption>Failure kinds and the type each client throws</caption>
 *   <tr><th>{@link Failure}</th><th>OpenEnv client</th><th>MCP client</th></tr>
 *   <tr><td>{@code TRANSPORT}</td><td>{@code TransportException}</td><td>{@code McpTransportException}</td></tr>
 *   <tr><td>{@code PROTOCOL}</td><td>{@code ProtocolException}</td><td>{@code McpProtocolException}</td></tr>
 *   <tr><td>{@code SERVER_ERROR}</td><td>{@code ServerErrorException}, {@code HttpStatusException}</td>
 *       <td>{@code McpServerErrorException}</td></tr>
 *   <tr><td>{@code MISUSE}</td><td>{@code ClientMisuseException}</td><td>{@code McpClientMisuseException}</td></tr>
 *   <tr><td>{@code TOOL_CALL_FAILED}</td><td>{@code ToolCallFailedException}</td><td>(none: an MCP tool that
 *       failed is a result with {@code isError}, or a server error)</td></tr>
 * </table>
 *
 * <p>The kind is an enum rather than a shared subclass because a Java class has one superclass: each
 * client's types extend that client's own base, so {@code catch (OpenEnvClientException e)} and {@code catch
 * (McpClientException e)} keep working, and the kinds meet here. All are unchecked; instances are immutable
 * and may be shared between threads. Only the two clients' bases extend this class.
 */
public abstract class OpenEnvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kind of a client failure, the same for both clients. */
    public enum Failure {
        /**
         * The connection failed: it could not be opened (or a process started), it was closed, an I/O error
         * occurred, or a reply did not come in time. The subclass's {@code kind()} says which.
         */
        TRANSPORT,
        /** The server answered with something that is not a valid reply under the protocol. */
        PROTOCOL,
        /**
         * The server understood the request and answered it with an error: an OpenEnv error frame, an HTTP
         * status outside 2xx on an OpenEnv HTTP route, or a JSON-RPC error.
         */
        SERVER_ERROR,
        /** The caller used the client in a way it does not allow; nothing was sent. */
        MISUSE,
        /** A tool call made through an OpenEnv {@code step} could not be carried out; the session lives on. */
        TOOL_CALL_FAILED
    }

    private final Failure failure;

    /** A failure of kind {@code failure}, described by {@code message}, found through {@code cause} (or null). */
    protected OpenEnvException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The kind of failure, the same for both clients. */
    public final Failure failure() {
        return failure;
    }
}
