package io.openenv4j.tasks.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code frameworks.openenv} facet: how to obtain a compatible OpenEnv runtime. Exactly one of
 * {@code space_id}, {@code image} or {@code package} names the target.
 *
 * @param target where the runtime comes from
 * @param manifest the runtime's manifest file ({@code openenv.yaml} by default)
 * @param mode the Hub draft's {@code mode} ({@code space} or {@code container}), or null
 * @param resources expected resources, or null
 * @param secrets names of secrets the runtime expects (never values)
 */
public record OpenEnvFacet(Target target, String manifest, String mode, Resources resources, List<String> secrets) {

    public OpenEnvFacet {
        secrets = List.copyOf(secrets);
    }

    /** Where an OpenEnv runtime comes from. */
    public sealed interface Target {}

    /** A Hugging Face Space, e.g. {@code openenv/coding_env}. */
    public record Space(String id) implements Target {}

    /** A container image reference. */
    public record Image(String reference) implements Target {}

    /** A Python package requirement, e.g. {@code openenv-coding-env>=0.3.0}. */
    public record Package(String requirement) implements Target {}

    static OpenEnvFacet from(Node node) {
        List<Target> targets = new ArrayList<>();
        node.optional("space_id").ifPresent(n -> targets.add(new Space(n.nonBlankText())));
        node.optional("image").ifPresent(n -> targets.add(new Image(n.nonBlankText())));
        node.optional("package").ifPresent(n -> targets.add(new Package(n.nonBlankText())));
        if (targets.size() != 1) {
            throw new ManifestException(
                    node.path(), "expected exactly one of space_id, image or package, found " + targets.size());
        }
        String mode = node.optionalText("mode");
        if (mode != null && !mode.equals("space") && !mode.equals("container") && !mode.equals("package")) {
            throw new ManifestException(node.child("mode"), "expected space, container or package, got '" + mode + "'");
        }
        String manifest = node.has("manifest") ? node.field("manifest").nonBlankText() : "openenv.yaml";
        return new OpenEnvFacet(
                targets.get(0),
                manifest,
                mode,
                node.optional("resources").map(Resources::from).orElse(null),
                node.optional("secrets").map(Node::textList).orElse(List.of()));
    }
}
