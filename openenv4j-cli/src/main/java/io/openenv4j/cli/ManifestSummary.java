package io.openenv4j.cli;

import io.openenv4j.tasks.hub.LoadedDataset;
import io.openenv4j.tasks.manifest.EnvironmentDeclaration;
import io.openenv4j.tasks.manifest.Framework;
import io.openenv4j.tasks.manifest.OpenEnvFacet;
import io.openenv4j.tasks.manifest.RewardConvention;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What a dataset's {@code environment.yaml} offers, as {@code tasks inspect} prints it. */
final class ManifestSummary {

    private ManifestSummary() {}

    static void print(PrintWriter out, LoadedDataset dataset) {
        if (dataset.manifest() == null) {
            out.println("manifest: none (no environment.yaml at the root)");
            return;
        }
        out.println("manifest: environment.yaml (" + dataset.manifest().specVersion() + "), "
                + dataset.manifest().environments().size() + " environment"
                + (dataset.manifest().environments().size() == 1 ? "" : "s"));
        for (EnvironmentDeclaration env : dataset.manifest().environments()) {
            boolean selected =
                    dataset.environment() != null && dataset.environment().id().equals(env.id());
            out.println("  environment " + env.id() + (selected ? " (selected)" : "")
                    + (env.title() == null ? "" : ": " + env.title()));
            if (env.description() != null) {
                out.println("    description: " + env.description());
            }
            if (env.configName() != null) {
                out.println("    config: " + env.configName());
            }
            out.println("    splits: "
                    + (env.splits().isEmpty() ? "(every split of the dataset)" : String.join(", ", env.splits()))
                    + (env.dataset() != null && env.dataset().split() != null
                            ? " (uses " + env.dataset().split() + ")"
                            : ""));
            List<String> frameworks = new ArrayList<>();
            env.frameworks().forEach((name, framework) -> frameworks.add(describe(framework)));
            out.println("    frameworks: " + String.join("; ", frameworks));
            Framework openenv = env.frameworks().get("openenv");
            if (openenv != null) {
                Object player = openenv.settings().get(TaskDatasets.ENVIRONMENT_SETTING);
                out.println("    served by: openenv4j serve " + (player == null ? env.id() : player) + " --tasks "
                        + dataset.ref());
                String mapping = TaskDatasets.manifestMapping(env);
                if (mapping != null) {
                    out.println("    task mapping: " + mapping);
                }
            }
            out.println("    reward: " + describe(env.reward()));
            if (env.runtime() != null) {
                var runtime = env.runtime();
                var parts = new ArrayList<String>();
                if (runtime.isolation() != null) {
                    parts.add("isolation " + runtime.isolation());
                }
                if (runtime.network() != null) {
                    parts.add("network " + (runtime.network() ? "enabled" : "disabled"));
                }
                if (runtime.timeoutSeconds() != null) {
                    parts.add("timeout " + number(runtime.timeoutSeconds()) + " s");
                }
                if (!runtime.secrets().isEmpty()) {
                    parts.add("secrets " + String.join(", ", runtime.secrets()));
                }
                out.println("    runtime: " + (parts.isEmpty() ? "no requirements" : String.join(", ", parts)));
            }
        }
    }

    private static String describe(Framework framework) {
        StringBuilder text = new StringBuilder(framework.name());
        if (framework.minVersion() != null) {
            text.append(' ').append(framework.minVersion());
        }
        if (framework.openenv() != null) {
            text.append(" (")
                    .append(
                            switch (framework.openenv().target()) {
                                case OpenEnvFacet.Space space -> "space " + space.id();
                                case OpenEnvFacet.Image image -> "image " + image.reference();
                                case OpenEnvFacet.Package pkg -> "package " + pkg.requirement();
                            })
                    .append(')');
        }
        return text.toString();
    }

    private static String describe(RewardConvention reward) {
        if (reward == null) {
            return "not declared (scalar)";
        }
        String range = reward.min() == null && reward.max() == null
                ? ""
                : " in [" + (reward.min() == null ? "-inf" : number(reward.min())) + ", "
                        + (reward.max() == null ? "+inf" : number(reward.max())) + "]";
        return reward.type() + range;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
