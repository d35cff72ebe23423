package io.openenv4j.sandbox;

import io.openenv4j.core.EnvironmentException;

/**
 * The sandbox could not be set up or used: bubblewrap missing, a seed path escaping the work folder, a
 * process that would not start. What a command does inside the sandbox (fail, time out) is never this
 * exception; it is reported in the {@link RunResult}.
 */
public class SandboxException extends EnvironmentException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
