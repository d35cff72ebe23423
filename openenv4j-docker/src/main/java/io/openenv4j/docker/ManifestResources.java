package io.openenv4j.docker;

import io.openenv4j.client.provider.ProviderException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The limits an environment's {@code openenv.yaml} asks for: {@code validation.resources.cpu} (cores) and {@code
 * memory_mb} (MiB), as {@code openenv4j manifest} writes them and the reference's {@code openenv validate} reads them.
 *
 * @param cpus cores, or {@code null} when the manifest names none
 * @param memoryBytes bytes, or {@code null} when the manifest names none
 */
record ManifestResources(Double cpus, Long memoryBytes) {

    static final ManifestResources NONE = new ManifestResources(null, null);

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The limits in {@code manifest} ({@code null}: no manifest, no limits); {@code image} names it in errors. */
    static ManifestResources parse(String manifest, String image) {
        if (manifest == null || manifest.isBlank()) {
            return NONE;
        }
        JsonNode resources;
        try {
            resources = YAML.readTree(manifest).path("validation").path("resources");
        } catch (JacksonException e) {
            throw new ProviderException("the manifest of " + image + " is not YAML: " + e.getOriginalMessage(), e);
        }
        return new ManifestResources(
                positive(resources.path("cpu"), "cpu", image),
                resources.path("memory_mb").isMissingNode()
                        ? null
                        : Math.round(positive(resources.path("memory_mb"), "memory_mb", image) * 1024 * 1024));
    }

    private static Double positive(JsonNode value, String field, String image) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !(value.asDouble() > 0)) {
            throw new ProviderException("the manifest of " + image + " says validation.resources." + field + ": "
                    + value + " (a positive number expected)");
        }
        return value.asDouble();
    }
}
