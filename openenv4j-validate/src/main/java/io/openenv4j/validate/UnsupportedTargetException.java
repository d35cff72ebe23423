package io.openenv4j.validate;

/** The target is neither a reachable OpenEnv server nor a known environment (the CLI exits with 2). */
public final class UnsupportedTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedTargetException(String message) {
        super(message);
    }
}
