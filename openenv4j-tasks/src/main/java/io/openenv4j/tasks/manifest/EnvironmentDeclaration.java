package io.openenv4j.tasks.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code environments}: a named RL environment backed by (a config of) the dataset.
 *
 * @param id stable identifier within the repository (letters, digits, {@code . _ -}); required
 * @param title display name, or null
 * @param description or null
 * @param configName the dataset config ({@code datasets.load_dataset} name) holding the tasks, or null
 * @param splits the split names valid for this environment (empty: every split of the config)
 * @param frameworks framework facets by name ({@code openenv}, {@code harbor}, {@code verifiers}, …); at
 *     least one
 * @param dataset explicit data locations, or null
 * @param runtime isolation/resource/network/secret expectations, or null
 * @param reward the reward convention, or null
 */
public record EnvironmentDeclaration(
        String id,
        String title,
        String description,
        String configName,
        List<String> splits,
        Map<String, Framework> frameworks,
        DatasetLocation dataset,
        RuntimeRequirements runtime,
        RewardConvention reward) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public EnvironmentDeclaration {
        splits = List.copyOf(splits);
        frameworks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frameworks));
    }

    /** The {@code openenv} facet, if declared. */
    public Optional<OpenEnvFacet> openenv() {
        Framework f = frameworks.get("openenv");
        return f == null ? Optional.empty() : Optional.ofNullable(f.openenv());
    }

    static EnvironmentDeclaration from(Node node) {
        node.mapping();
        String id = node.required("id").nonBlankText();
        if (!ID.matcher(id).matches()) {
            throw new ManifestException(
                    node.child("id"),
                    "'" + id
                            + "' is not a valid id (letters, digits, '.', '_' and '-', starting with a letter or digit)");
        }
        List<String> splits = node.optional("splits").map(Node::textList).orElse(List.of());
        if (splits.size() != new java.util.HashSet<>(splits).size()) {
            throw new ManifestException(node.child("splits"), "lists a split twice");
        }
        Map<String, Node> frameworkNodes = node.required("frameworks").entries();
        if (frameworkNodes.isEmpty()) {
            throw new ManifestException(node.child("frameworks"), "must declare at least one framework");
        }
        Map<String, Framework> frameworks = new LinkedHashMap<>();
        frameworkNodes.forEach((name, value) -> frameworks.put(name, Framework.from(name, value)));
        return new EnvironmentDeclaration(
                id,
                node.optionalText("title"),
                node.optionalText("description"),
                node.optionalText("config_name"),
                splits,
                frameworks,
                node.optional("dataset").map(DatasetLocation::from).orElse(null),
                node.optional("runtime").map(RuntimeRequirements::from).orElse(null),
                node.optional("reward").map(RewardConvention::from).orElse(null));
    }
}
