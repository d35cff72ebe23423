package io.openenv4j.core;

import java.util.List;
import java.util.Objects;

/**
 * How an environment describes itself on {@code GET /metadata}.
 *
 * @param name short name, for example {@code "echo"}
 * @param description one sentence on what the environment is
 * @param readmeContent the environment's README as Markdown, or {@code null}
 * @param version the environment's own version (not the protocol's)
 * @param author who wrote it, or {@code null}
 * @param documentationUrl where to read more, or {@code null}
 * @param measuredFields observation fields that carry a live measurement (a wall-clock time, a load figure)
 *     and so differ between two runs of the same seed and actions, for example {@code elapsed_ms}; named by
 *     their wire (snake_case) key, wherever they occur in an observation. Sent as {@code measured_fields}
 *     only when not empty. Validators leave these out when they compare trajectories.
 */
public record EnvironmentMetadata(
        String name,
        String description,
        String readmeContent,
        String version,
        String author,
        String documentationUrl,
        List<String> measuredFields) {

    public EnvironmentMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        version = version == null ? "1.0.0" : version;
        measuredFields = measuredFields == null ? List.of() : List.copyOf(measuredFields);
        for (String field : measuredFields) {
            if (field.isBlank()) {
                throw new IllegalArgumentException("a measured field needs a name");
            }
        }
    }

    public EnvironmentMetadata(
            String name,
            String description,
            String readmeContent,
            String version,
            String author,
            String documentationUrl) {
        this(name, description, readmeContent, version, author, documentationUrl, List.of());
    }

    public static EnvironmentMetadata of(String name, String description) {
        return new EnvironmentMetadata(name, description, null, "1.0.0", null, null);
    }

    public EnvironmentMetadata withReadme(String markdown) {
        return new EnvironmentMetadata(name, description, markdown, version, author, documentationUrl, measuredFields);
    }

    public EnvironmentMetadata withVersion(String newVersion) {
        return new EnvironmentMetadata(
                name, description, readmeContent, newVersion, author, documentationUrl, measuredFields);
    }

    /** Declares observation fields (wire names) whose values are measurements, not behaviour. */
    public EnvironmentMetadata withMeasuredFields(String... fields) {
        return new EnvironmentMetadata(
                name, description, readmeContent, version, author, documentationUrl, List.of(fields));
    }
}
