package io.openenv4j.mcp.client;

/**
 * The caller used the client in a way it does not allow: a call on a closed client, arguments or params
 * that do not encode as a JSON object. Nothing was sent; a client that is still open stays usable.
 */
public final class McpClientMisuseException extends McpClientException {

    private static final long serialVersionUID = 1L;

    /** A misuse described by {@code message}. */
    public McpClientMisuseException(String message) {
        super(Failure.MISUSE, message, null);
    }

    /** A misuse described by {@code message}, found through {@code cause}. */
    public McpClientMisuseException(String message, Throwable cause) {
        super(Failure.MISUSE, message, cause);
    }
}
