package io.openenv4j.cli;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.spi.EnvironmentDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The {@code openenv.yaml} of a built-in environment: what the reference's {@code openenv validate <dir>} reads (its
 * {@code validation:} block: reward, resources, network, capabilities, types; manifest schema 1 of openenv 0.10.0).
 * The committed copies live in {@code envs-manifests/<env>/openenv.yaml} ({@code ManifestCommandTest} keeps them
 * in sync).
 */
final class OpenEnvManifest {

    /** Environments whose per-step reward can be negative: [-1, 1] (mountaincar: [-1, 0]); all others [0, 1]. */
    private static final Set<String> SIGNED = Set.of(
            "chess",
            "connect-four",
            "blackjack",
            "cartpole",
            "gridworld",
            "snake",
            "chess@openenv",
            "connect-four@openenv",
            "blackjack@openenv",
            "snake@openenv",
            "gridworld@openenv");

    /** Environments that run Chromium (more memory). */
    private static final Set<String> BROWSER = Set.of("browser");

    private OpenEnvManifest() {}

    /**
     * What a manifest says of one environment.
     *
     * @param name the environment's name
     * @param version its version ({@code /metadata}'s)
     * @param description one line on what it is
     * @param toolEnvironment whether its actions are MCP tool calls
     * @param taskCounts the number of tasks per split, for an environment with a task catalogue; else {@code null}
     */
    record Facts(
            String name, String version, String description, boolean toolEnvironment, Map<String, Long> taskCounts) {

        static Facts of(EnvironmentDefinition entry) {
            EnvSpec<?, ?, ?> spec = entry.spec();
            Map<String, Long> counts = null;
            if (spec.tasks() != null) {
                counts = new LinkedHashMap<>();
                for (String split : spec.tasks().splits()) {
                    counts.put(split, spec.tasks().count(split));
                }
            }
            return new Facts(
                    entry.name(), spec.metadata().version(), entry.description(), spec.isToolEnvironment(), counts);
        }
    }

    /** The manifest of {@code entry}, as ordered maps. */
    static Map<String, Object> of(EnvironmentDefinition entry) {
        return of(Facts.of(entry));
    }

    /** The manifest of an environment, as ordered maps. */
    static Map<String, Object> of(Facts facts) {
        String name = facts.name();
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("spec_version", 1);
        manifest.put("name", name);
        manifest.put("version", facts.version());
        manifest.put("description", facts.description());
        manifest.put("port", 8000);

        var reward = new LinkedHashMap<String, Object>();
        reward.put(
                "range",
                name.equals("mountaincar")
                        ? List.of(-1.0, 0.0)
                        : SIGNED.contains(name) ? List.of(-1.0, 1.0) : List.of(0.0, 1.0));
        reward.put("oracle_tolerance", 0.0);
        reward.put("floor_margin", 0.1);

        var resources = new LinkedHashMap<String, Object>();
        resources.put("cpu", 1.0);
        resources.put("memory_mb", BROWSER.contains(name) ? 1024 : 512);
        resources.put("disk_mb", 256);
        resources.put("episode_timeout_s", 600.0);

        var capabilities = new LinkedHashMap<String, Object>();
        capabilities.put("verifier", Map.of("kind", "reward_channel"));
        capabilities.put("task_api", facts.taskCounts() != null);
        if (facts.taskCounts() != null) {
            capabilities.put("declared_task_count", new LinkedHashMap<String, Object>(facts.taskCounts()));
        }

        var tags = new ArrayList<String>();
        tags.add(facts.toolEnvironment() ? "tools" : "text");
        if (facts.taskCounts() != null) {
            tags.add("tasks");
        }

        var validation = new LinkedHashMap<String, Object>();
        validation.put("reward", reward);
        validation.put("resources", resources);
        // The mcp bridge may reach a remote MCP server; every other environment needs no egress.
        validation.put("network", Map.of("mode", name.equals("mcpbridge") ? "public" : "no-network"));
        validation.put("capabilities", capabilities);
        validation.put("types", Map.of("tags", tags));
        manifest.put("validation", validation);
        return manifest;
    }

    /** The manifest of {@code entry} as YAML text. */
    static String yaml(EnvironmentDefinition entry) {
        return yaml(Facts.of(entry));
    }

    /** The manifest of an environment as YAML text. */
    static String yaml(Facts facts) {
        var mapper = YAMLMapper.builder()
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER, YAMLWriteFeature.SPLIT_LINES)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .build();
        return "# Generated by `openenv4j manifest " + facts.name() + "`; do not edit.\n"
                + mapper.writeValueAsString(of(facts));
    }
}
