package io.openenv4j.rewards;

/** A rubric could not give a score (its judge failed, its input lacks what it needs). Unchecked. */
public final class RubricException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RubricException(String message) {
        super(message);
    }

    public RubricException(String message, Throwable cause) {
        super(message, cause);
    }
}
