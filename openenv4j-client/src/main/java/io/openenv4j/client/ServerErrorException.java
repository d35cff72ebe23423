package io.openenv4j.client;

import io.openenv4j.wire.ErrorCode;
import io.openenv4j.wire.WireError;
import java.util.Map;

/**
 * The server answered with an error frame ({@code {"type":"error","data":{"message":…,"code":…}}}).
 *
 * <p>For the codes where {@link ErrorCode#endsSession()} is false ({@code VALIDATION_ERROR}, {@code
 * EXECUTION_ERROR}, …) the session lives on and the client stays usable. For {@code CAPACITY_REACHED},
 * {@code FACTORY_ERROR} and {@code SESSION_ERROR} the server closes the connection; later calls on the
 * client throw a {@link TransportException} of kind {@code CLOSED} whose cause is this exception.
 *
 * <p>An error code this version does not know is reported as {@code SESSION_ERROR}, with the original
 * code in {@link #details()} under {@code "code"}.
 */
public final class ServerErrorException extends OpenEnvClientException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String serverMessage;
    private final transient Map<String, Object> details;

    /** The exception for an error frame's payload. */
    public ServerErrorException(WireError error) {
        super(Failure.SERVER_ERROR, "Server error: " + error.message() + " (code: " + error.code() + ")", null);
        this.code = error.code();
        this.serverMessage = error.message();
        this.details = error.extras();
    }

    /** The error code the server sent. */
    public ErrorCode code() {
        return code;
    }

    /** The server's message, as sent. */
    public String serverMessage() {
        return serverMessage;
    }

    /**
     * The further keys of the error frame, such as {@code errors} (validation issues), {@code
     * active_sessions}/{@code max_sessions} or {@code factory_name}; JSON-shaped plain values, never null.
     */
    public Map<String, Object> details() {
        return details == null ? Map.of() : details;
    }

    /** Whether the server ends the session after this error. */
    public boolean endsSession() {
        return code.endsSession();
    }
}
