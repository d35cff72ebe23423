package io.openenv4j.cli;

import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.tasks.hub.DatasetRef;
import io.openenv4j.tasks.hub.Datasets;
import io.openenv4j.tasks.hub.HubException;
import io.openenv4j.tasks.hub.HubOptions;
import io.openenv4j.tasks.hub.LoadedDataset;
import io.openenv4j.tasks.manifest.EnvironmentDeclaration;
import io.openenv4j.tasks.manifest.Framework;
import io.openenv4j.tasks.manifest.ManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what the user typed after {@code --tasks} (or {@code tasks inspect}) into local data files and, for
 * {@code serve}, checks them against the dataset's manifest. The one place where dataset references are
 * resolved for the command line.
 */
final class TaskDatasets {

    /** The {@code frameworks.openenv} setting naming the built-in environment that plays a manifest environment. */
    static final String ENVIRONMENT_SETTING = "environment";
    /** The {@code frameworks.openenv} setting giving the default task mapping. */
    static final String MAPPING_SETTING = "task_mapping";

    private TaskDatasets() {}

    /** What {@code serve <env> --tasks <ref>} binds: the source, the default split and how it was decided. */
    record Served(TaskSource source, String split, LoadedDataset dataset) {}

    /**
     * The files of {@code reference}: a local dataset directory, or a Hugging Face reference ({@code
     * hf://datasets/{repo}[/{selector}]@{revision}} or {@code org/name}) resolved into the local cache.
     *
     * @throws IOException naming the reference when it cannot be resolved
     */
    static LoadedDataset resolve(String reference, HubOptions options) throws IOException {
        if (reference.startsWith("/")
                || reference.startsWith(".")
                || reference.startsWith("~")
                || Files.exists(Path.of(reference))) {
            Path local = Path.of(reference);
            if (Files.isRegularFile(local)) {
                throw new IOException(reference + " is a file; a dataset is a directory (holding <split>.jsonl,"
                        + " <split>/*.jsonl or data/<split>-*.parquet) or a Hugging Face reference");
            }
            if (!reference.startsWith("~") && !Files.isDirectory(local)) {
                throw new IOException("no dataset directory at " + local.toAbsolutePath());
            }
        }
        try {
            return Datasets.open(reference, options);
        } catch (HubException | ManifestException e) {
            throw new IOException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /**
     * The task source {@code env} is served over. When the dataset has a manifest: the manifest environment
     * the reference selects (or, with several and none selected, the one whose id is {@code env}) must be
     * played by {@code env}, {@code split} must be one it offers, the default split is its {@code
     * dataset.split} (else train, else its first split), and its {@code frameworks.openenv.task_mapping}
     * applies unless {@code mappingText} is given.
     */
    static Served forServing(String env, String reference, HubOptions options, String split, String mappingText)
            throws IOException {
        LoadedDataset dataset = resolve(reference, options);
        EnvironmentDeclaration declared = null;
        if (dataset.manifest() != null) {
            declared = dataset.environment();
            if (declared == null) {
                List<String> ids = dataset.manifest().environments().stream()
                        .map(EnvironmentDeclaration::id)
                        .toList();
                if (ids.contains(env) && dataset.ref() instanceof DatasetRef.Hub hub) {
                    dataset = resolve("hf://datasets/" + hub.repo() + "/" + env + "@" + hub.revision(), options);
                    declared = dataset.environment();
                } else if (dataset.ref() instanceof DatasetRef.Hub) {
                    throw new IOException("the manifest of " + dataset.ref() + " declares environments " + ids
                            + " and the reference selects none; name one, as in hf://datasets/<org>/<name>/<id>@<rev>");
                } else {
                    throw new IOException(
                            "the manifest of " + dataset.ref() + " declares environments " + ids
                                    + " and a directory reference cannot select one; keep one environment in its environment.yaml");
                }
            }
            check(env, declared, split, dataset);
        }
        TaskMapping mapping = mappingText != null
                ? TaskMapping.parse(mappingText)
                : declared != null && manifestMapping(declared) != null
                        ? TaskMapping.parse(manifestMapping(declared))
                        : TaskMapping.defaults();
        TaskSource source = TaskSource.fromFiles(dataset.splitFiles(), mapping);
        String chosen = split;
        if (chosen == null && declared != null) {
            List<String> offered = declared.splits();
            chosen = declared.dataset() != null && declared.dataset().split() != null
                    ? declared.dataset().split()
                    : offered.isEmpty() || offered.contains("train") ? null : offered.getFirst();
        }
        return new Served(source, chosen == null ? source.defaultSplit() : chosen, dataset);
    }

    private static void check(String env, EnvironmentDeclaration declared, String split, LoadedDataset dataset)
            throws IOException {
        String where = "environment '" + declared.id() + "' of the manifest of " + dataset.ref();
        Framework openenv = declared.frameworks().get("openenv");
        if (openenv == null) {
            throw new IOException(where + " declares no openenv framework (frameworks: "
                    + String.join(", ", declared.frameworks().keySet()) + "), so it is not served by openenv4j");
        }
        Object named = openenv.settings().get(ENVIRONMENT_SETTING);
        String player = named == null ? declared.id() : named.toString();
        if (!player.equals(env)) {
            throw new IOException(where + " is played by '" + player + "', not '" + env + "'"
                    + (named == null
                            ? " (its id; set frameworks.openenv." + ENVIRONMENT_SETTING + " to name another)"
                            : "")
                    + "; serve it with: openenv4j serve " + player + " --tasks " + dataset.ref());
        }
        if (split != null && !dataset.splitFiles().containsKey(split)) {
            throw new IOException("unknown split '" + split + "'; " + where + " offers "
                    + dataset.splitFiles().keySet());
        }
    }

    /** The manifest's task mapping in {@code TaskMapping.parse} form, or null. */
    static String manifestMapping(EnvironmentDeclaration declared) {
        Framework openenv = declared.frameworks().get("openenv");
        Object value = openenv == null ? null : openenv.settings().get(MAPPING_SETTING);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> map) {
            var parts = new ArrayList<String>();
            map.forEach((key, column) -> parts.add(key + "="
                    + (column instanceof List<?> list
                            ? String.join(
                                    "+", list.stream().map(String::valueOf).toList())
                            : String.valueOf(column))));
            return String.join(",", parts);
        }
        throw new IllegalArgumentException("frameworks.openenv." + MAPPING_SETTING
                + " of environment '" + declared.id() + "': expected a string like prompt=question,hidden=answer or a"
                + " mapping, got " + value);
    }
}
