package io.openenv4j.core;

/**
 * Thrown by an environment when it cannot carry out a request (an action that makes no sense in the
 * current state, a bad reset option). Its message reaches the client as an {@code EXECUTION_ERROR}, so it
 * should say what went wrong in words a user can act on.
 */
public class EnvironmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
