package io.openenv4j.cli;

import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.data.DataFormatException;
import io.openenv4j.tasks.data.DatasetFeatures;
import io.openenv4j.tasks.data.RowCursor;
import io.openenv4j.tasks.data.RowFile;
import io.openenv4j.tasks.hub.LoadedDataset;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code openenv4j tasks}: look at task datasets. */
@Command(
        name = "tasks",
        mixinStandardHelpOptions = true,
        description = "Look at task datasets.",
        subcommands = {TasksCommand.Inspect.class})
final class TasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** {@code openenv4j tasks inspect <ref-or-dir>}. */
    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Print a dataset's splits, row counts, columns, how they map to tasks, a sample row (hidden"
                    + " columns masked) and what its manifest offers (environments, splits, rewards).")
    static final class Inspect implements Callable<Integer> {

        static final String MASK = "<hidden>";

        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "DATASET",
                description =
                        "A dataset directory or a Hugging Face reference (hf://datasets/org/name[/env-id][@revision]).")
        String reference;

        @picocli.CommandLine.Mixin
        HubFlags hub = new HubFlags();

        @Option(
                names = "--task-mapping",
                paramLabel = "MAPPING",
                description =
                        "Which columns are id, prompt, hidden, metadata, e.g. prompt=question,hidden=answer+solution.")
        String taskMapping;

        @Option(names = "--show-hidden", description = "Show the values of hidden columns in the sample rows.")
        boolean showHidden;

        @Option(names = "--rows", paramLabel = "N", description = "Sample rows per split (default 1).")
        int rows = 1;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            PrintWriter out = cli.getOut();
            LoadedDataset dataset;
            TaskMapping mapping;
            try {
                dataset = TaskDatasets.resolve(reference, hub.options(System.getenv()));
                String fromManifest =
                        dataset.environment() == null ? null : TaskDatasets.manifestMapping(dataset.environment());
                mapping = taskMapping != null
                        ? TaskMapping.parse(taskMapping)
                        : fromManifest != null ? TaskMapping.parse(fromManifest) : TaskMapping.defaults();
            } catch (IllegalArgumentException | IOException e) {
                cli.getErr().println("Cannot inspect '" + reference + "': " + e.getMessage());
                return 2;
            }
            out.println("dataset: " + dataset.ref()
                    + (dataset.revision().equals("local")
                            ? ""
                            : " (commit " + dataset.revision()
                                    + (dataset.config() == null ? "" : ", config " + dataset.config()) + ")"));
            out.println("files: " + dataset.root());
            int failures = 0;
            for (var split : dataset.splitFiles().entrySet()) {
                try {
                    describe(out, split.getKey(), split.getValue(), mapping, dataset.features());
                } catch (DataFormatException | UncheckedIOException | IOException | IllegalArgumentException e) {
                    out.println("  error: " + e.getMessage());
                    failures++;
                }
            }
            ManifestSummary.print(out, dataset);
            out.flush();
            return failures == 0 ? 0 : 1;
        }

        private void describe(
                PrintWriter out, String split, List<Path> paths, TaskMapping mapping, DatasetFeatures cardFeatures)
                throws IOException {
            long total = 0;
            DatasetFeatures features = cardFeatures;
            Map<String, Object> first = null;
            var samples = new java.util.ArrayList<Map<String, Object>>();
            for (Path path : paths) {
                RowFile file = RowFile.open(path);
                total += file.rowCount();
                if (features.isEmpty()) {
                    features = file.features();
                }
                if (samples.size() < rows) {
                    try (RowCursor cursor = file.rows(0)) {
                        while (cursor.hasNext() && samples.size() < rows) {
                            samples.add(cursor.next());
                        }
                    }
                }
            }
            out.println("split " + split + ": " + total + " rows in " + paths.size() + " file"
                    + (paths.size() == 1 ? "" : "s"));
            paths.forEach(path -> out.println("  file: " + path));
            if (samples.isEmpty()) {
                return;
            }
            first = samples.getFirst();
            out.println("  columns: " + String.join(", ", first.keySet()));
            if (!features.isEmpty()) {
                var described = new java.util.ArrayList<String>();
                features.columns().forEach((column, f) -> described.add(column + "=" + f.describe()));
                out.println("  features: " + String.join(", ", described));
            }
            TaskMapping resolved = mapping.resolve(first.keySet(), "split " + split);
            out.println("  task mapping: id="
                    + (resolved.idColumn() == null ? "(row position: " + split + "/<index>)" : resolved.idColumn())
                    + " prompt=" + resolved.promptColumn() + " hidden=" + String.join("+", resolved.hiddenColumns())
                    + " metadata=" + String.join("+", resolved.metadataColumns()));
            for (int i = 0; i < samples.size(); i++) {
                var shown = new LinkedHashMap<String, Object>(samples.get(i));
                if (!showHidden) {
                    resolved.hiddenColumns().forEach(column -> shown.computeIfPresent(column, (k, v) -> MASK));
                }
                var labels = new java.util.ArrayList<String>();
                for (var column : shown.entrySet()) {
                    String name = features.labelName(column.getKey(), column.getValue());
                    if (name != null) {
                        labels.add(column.getKey() + "=" + name);
                    }
                }
                out.println("  row " + i + ": " + WireJson.write(shown)
                        + (labels.isEmpty() ? "" : "   (labels: " + String.join(", ", labels) + ")"));
            }
        }
    }
}
