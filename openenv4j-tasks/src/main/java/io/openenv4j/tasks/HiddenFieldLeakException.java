package io.openenv4j.tasks;

import io.openenv4j.core.EnvironmentException;

/**
 * An environment bound to tasks tried to send a task's hidden value to the agent; the observation or state
 * was withheld. This is a defect of the environment (or a dataset whose hidden values also appear in
 * ordinary text); the message names the field and where it was found, never the value.
 */
public final class HiddenFieldLeakException extends EnvironmentException {

    private static final long serialVersionUID = 1L;

    public HiddenFieldLeakException(String message) {
        super(message);
    }
}
