package io.openenv4j.rewards;

import java.util.Objects;

/**
 * A reward provider gave no usable reward. {@link #kind()} keeps apart the transport failing, the provider
 * reporting an error, and the provider answering nonsense; a caller never gets a silent zero instead.
 * Unchecked and immutable.
 */
public final class RewardProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The provider could not be reached. */
        CONNECT_FAILED,
        /** No reply within the client's timeout. */
        TIMEOUT,
        /** Reading or writing failed mid-request. */
        IO,
        /** The calling thread was interrupted. */
        INTERRUPTED,
        /** The provider answered a non-2xx status; see {@link #status()} and {@link #code()}. */
        PROVIDER_ERROR,
        /** The provider answered 2xx with something that is not a valid reply. */
        MALFORMED_REPLY
    }

    private final Kind kind;
    private final int status;
    private final String code;

    public RewardProviderException(Kind kind, String message, Throwable cause) {
        this(kind, -1, null, message, cause);
    }

    public RewardProviderException(Kind kind, int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#PROVIDER_ERROR} and {@link Kind#MALFORMED_REPLY}, else -1. */
    public int status() {
        return status;
    }

    /** The provider's error code ({@code BUDGET_EXCEEDED}, {@code RUBRIC_FAILED}, …), or {@code null}. */
    public String code() {
        return code;
    }
}
