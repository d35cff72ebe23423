package io.openenv4j.core;

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
 */
public record EnvironmentMetadata(
        String name,
        String description,
        String readmeContent,
        String version,
        String author,
        String documentationUrl) {

    public EnvironmentMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        version = version == null ? "1.0.0" : version;
    }

    public static EnvironmentMetadata of(String name, String description) {
        return new EnvironmentMetadata(name, description, null, "1.0.0", null, null);
    }

    public EnvironmentMetadata withReadme(String markdown) {
        return new EnvironmentMetadata(name, description, markdown, version, author, documentationUrl);
    }

    public EnvironmentMetadata withVersion(String newVersion) {
        return new EnvironmentMetadata(name, description, readmeContent, newVersion, author, documentationUrl);
    }
}
