package io.openenv4j.client;

/**
 * The server sent something that is not a valid reply: text that is not JSON, a binary frame, a reply of
 * the wrong type, a payload that does not decode into the requested types, or a message nobody asked for.
 *
 * <p>Whether the client stays usable depends on the case and is stated where it is thrown: a malformed
 * reply still answers its request, so the connection stays in step; an unsolicited message means the
 * request/reply order is lost, so the connection is closed.
 */
public final class ProtocolException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    /** An invalid reply described by {@code message}, found through {@code cause}. */
    public ProtocolException(String message, Throwable cause) {
        super(Failure.PROTOCOL, message, cause);
    }

    /** An invalid reply described by {@code message}. */
    public ProtocolException(String message) {
        super(Failure.PROTOCOL, message, null);
    }
}
