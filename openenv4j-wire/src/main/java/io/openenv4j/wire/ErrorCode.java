package io.openenv4j.wire;

/** The {@code code} values of WebSocket error frames. */
public enum ErrorCode {
    /** The frame was not JSON. The session continues. */
    INVALID_JSON,
    /** The frame's {@code type} is missing or unknown. The session continues. */
    UNKNOWN_TYPE,
    /** The envelope or the action failed validation. The session continues. */
    VALIDATION_ERROR,
    /** The environment threw while handling the message. The session continues. */
    EXECUTION_ERROR,
    /** The server had no free session slot. Sent unsolicited; the socket is then closed. */
    CAPACITY_REACHED,
    /** The environment factory failed. Sent unsolicited; the socket is then closed. */
    FACTORY_ERROR,
    /** Any other failure of the session; the socket is then closed. */
    SESSION_ERROR,
    /**
     * OpenEnv4j extension: the server is configured to take rewards from a reward provider, and the provider
     * gave none for this step (unreachable, too slow, failed, answered nonsense). The environment did take the
     * step; the trainer channel holds the details. The session continues.
     */
    REWARD_ERROR;

    /** Whether the session ends after an error of this kind. */
    public boolean endsSession() {
        return switch (this) {
            case INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR, EXECUTION_ERROR, REWARD_ERROR -> false;
            case CAPACITY_REACHED, FACTORY_ERROR, SESSION_ERROR -> true;
        };
    }

    /** The code of a wire name, or {@code null} for a code this version does not know. */
    public static ErrorCode fromWire(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return null;
    }
}
