package io.openenv4j.tasks;

import io.openenv4j.core.EnvironmentException;

/**
 * A task selection names nothing the source holds: an unknown split, an index out of range, an unknown id,
 * a shard with no tasks. The message says what exists, so a user can correct the request; over the wire it
 * reaches the client as the reset's error.
 */
public final class TaskLookupException extends EnvironmentException {

    private static final long serialVersionUID = 1L;

    public TaskLookupException(String message) {
        super(message);
    }
}
