package io.openenv4j.client;

/**
 * The caller used the client in a way it does not allow: a call on a closed client, a frame larger than
 * {@link ClientOptions#maxOutgoingBytes()}, an action that does not encode as a JSON object, a malformed
 * base URL. Nothing was sent; a client that is still open stays usable.
 */
public final class ClientMisuseException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    /** A misuse described by {@code message}. */
    public ClientMisuseException(String message) {
        super(Failure.MISUSE, message, null);
    }

    /** A misuse described by {@code message}, found through {@code cause}. */
    public ClientMisuseException(String message, Throwable cause) {
        super(Failure.MISUSE, message, cause);
    }
}
