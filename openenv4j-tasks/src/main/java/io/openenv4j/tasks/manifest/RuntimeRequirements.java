package io.openenv4j.tasks.manifest;

import java.util.List;

/**
 * The cross-framework {@code runtime} block: what running the environment expects.
 *
 * @param isolation e.g. {@code container}, {@code sandbox}, {@code none}; or null
 * @param network whether network access is allowed ({@code enabled}/{@code disabled} or a boolean), or null
 * @param resources expected resources, or null
 * @param secrets names of secrets (never values)
 * @param timeoutSeconds a per-episode time budget, or null
 */
public record RuntimeRequirements(
        String isolation, Boolean network, Resources resources, List<String> secrets, Double timeoutSeconds) {

    public RuntimeRequirements {
        secrets = List.copyOf(secrets);
    }

    static RuntimeRequirements from(Node node) {
        node.mapping();
        Double timeout = null;
        if (node.has("timeout_seconds")) {
            timeout = node.field("timeout_seconds").number();
            if (!(timeout > 0)) {
                throw new ManifestException(node.child("timeout_seconds"), "expected a number > 0");
            }
        }
        return new RuntimeRequirements(
                node.optionalText("isolation"),
                node.has("network") ? network(node.field("network")) : null,
                node.optional("resources").map(Resources::from).orElse(null),
                node.optional("secrets").map(Node::textList).orElse(List.of()),
                timeout);
    }

    static Boolean network(Node n) {
        if (n.json().isBoolean()) {
            return n.bool();
        }
        String s = n.text();
        return switch (s) {
            case "enabled", "allowed", "true", "on" -> true;
            case "disabled", "none", "false", "off" -> false;
            default ->
                throw new ManifestException(n.path(), "expected enabled, disabled or a boolean, got '" + s + "'");
        };
    }
}
