package io.openenv4j.tasks.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The dataset-root {@code environment.yaml} of the hf-rl-env spec (OpenEnv RFC 006, Hub "Environment
 * Datasets"): which RL environments a dataset repository offers, with their config, splits, data locations,
 * runtime expectations, reward convention and per-framework facets.
 *
 * <p>Parsing validates the whole document and fails on the first malformed field with a
 * {@link ManifestException} naming its path. Unknown fields are ignored (the spec is young and grows by
 * adding fields). Immutable and thread-safe.
 *
 * @param specVersion {@code hf-rl-env-0.1} (also accepted: the Hub draft's {@code hf-env-0.1} and
 *     {@code env-0.1})
 * @param environments at least one; ids are unique
 */
public record Manifest(String specVersion, List<EnvironmentDeclaration> environments) {

    /** The file name at a dataset's root. */
    public static final String FILE_NAME = "environment.yaml";

    /** Spec versions this reader understands. */
    public static final Set<String> SPEC_VERSIONS = Set.of("hf-rl-env-0.1", "hf-env-0.1", "env-0.1");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public Manifest {
        environments = List.copyOf(environments);
    }

    /** The environment declared with {@code id}. */
    public Optional<EnvironmentDeclaration> environment(String id) {
        return environments.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Reads and validates {@code file}. */
    public static Manifest read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses and validates a manifest document. */
    public static Manifest parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ManifestException("", "not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ManifestException("", "the document is empty");
        }
        Node doc = new Node(root, "").mapping();
        String version = doc.required("spec_version").nonBlankText();
        if (!SPEC_VERSIONS.contains(version)) {
            throw new ManifestException(
                    "spec_version",
                    "unsupported version '" + version + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(SPEC_VERSIONS)) + ")");
        }
        List<Node> items = doc.required("environments").list();
        if (items.isEmpty()) {
            throw new ManifestException("environments", "must declare at least one environment");
        }
        List<EnvironmentDeclaration> envs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node item : items) {
            EnvironmentDeclaration env = EnvironmentDeclaration.from(item);
            if (!ids.add(env.id())) {
                throw new ManifestException(item.child("id"), "duplicate environment id '" + env.id() + "'");
            }
            envs.add(env);
        }
        return new Manifest(version, envs);
    }
}
