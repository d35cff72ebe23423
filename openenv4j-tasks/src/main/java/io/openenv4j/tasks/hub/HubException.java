package io.openenv4j.tasks.hub;

/**
 * Resolving or downloading a dataset failed. {@link #kind()} says why; the message names the repository,
 * revision or file, what went wrong and what to do about it. Nothing partial is left in the cache.
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a Hub operation failed. */
    public enum Kind {
        /** The reference is malformed (not {@code org/name}, not {@code hf://datasets/...}, …). */
        INVALID_REFERENCE,
        /** Repository, revision, file, config or split does not exist (HTTP 404, or absent from a listing). */
        NOT_FOUND,
        /** The server wants credentials or refused the token (HTTP 401/403). */
        UNAUTHORIZED,
        /** Offline mode, and the cache does not hold what was asked for. */
        NOT_CACHED,
        /** A downloaded file does not match its checksum or announced size. */
        CHECKSUM_MISMATCH,
        /** The server kept failing (HTTP 5xx or 429) after every retry. */
        SERVER_ERROR,
        /** The network failed (connection refused or reset, timeout) after every retry. */
        TRANSPORT,
        /** The server answered something this client cannot use (unexpected status, malformed JSON). */
        PROTOCOL
    }

    private final Kind kind;

    public HubException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HubException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
