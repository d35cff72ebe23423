package io.openenv4j.tasks.manifest;

/**
 * An {@code environment.yaml} that is not valid YAML or breaks the hf-rl-env spec. {@link #field()} is the
 * path of the offending field in the document, e.g. {@code environments[1].splits}.
 */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ManifestException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
    }

    ManifestException(String field, String problem, Throwable cause) {
        super(field.isEmpty() ? problem : field + ": " + problem, cause);
        this.field = field;
    }

    /** The dotted/indexed path of the field at fault ({@code ""} for the document itself). */
    public String field() {
        return field;
    }
}
