package io.openenv4j.tasks.data;

/** A data file that cannot be read as its format requires; the message names the file and the place. */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
