package io.openenv4j.tasks.manifest;

import java.util.Map;

/**
 * One framework facet of an environment ({@code frameworks.<name>}).
 *
 * @param name the framework ({@code openenv}, {@code harbor}, {@code verifiers}, …)
 * @param minVersion the version constraint ({@code ">=0.3.0"}), or null
 * @param settings every field of the facet as plain values, for frameworks this library does not interpret
 * @param openenv the validated OpenEnv facet when {@code name} is {@code openenv}, else null
 */
public record Framework(String name, String minVersion, Map<String, Object> settings, OpenEnvFacet openenv) {

    public Framework {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    @SuppressWarnings("unchecked")
    static Framework from(String name, Node node) {
        if (node.json() == null || node.json().isNull()) {
            return new Framework(
                    name,
                    null,
                    Map.of(),
                    name.equals("openenv")
                            ? OpenEnvFacet.from(new Node(
                                    tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), node.path()))
                            : null);
        }
        node.mapping();
        return new Framework(
                name,
                node.optionalText("min_version"),
                (Map<String, Object>) node.plain(),
                name.equals("openenv") ? OpenEnvFacet.from(node) : null);
    }
}
