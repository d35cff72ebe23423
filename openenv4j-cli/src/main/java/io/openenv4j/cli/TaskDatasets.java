package io.openenv4j.cli;

import io.openenv4j.tasks.DatasetFiles;
import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what the user typed after {@code --tasks} (or {@code tasks inspect}) into local data files. The one
 * place where dataset references are resolved for the command line.
 */
final class TaskDatasets {

    private TaskDatasets() {}

    /**
     * The files of {@code reference}: a local dataset directory, or (once the Hub loader is merged) a Hugging
     * Face reference resolved into the local cache.
     *
     * @throws IOException naming the reference when it cannot be resolved
     */
    static DatasetFiles resolve(String reference) throws IOException {
        Path local = Path.of(reference);
        if (Files.isDirectory(local)) {
            return DatasetFiles.scan(local);
        }
        // ---- HUB RESOLVER PLUGS IN HERE --------------------------------------------------------------------
        // io.openenv4j.tasks.hub.Datasets resolves hf://datasets/{repo}[/{config}]@{revision} and plain repo ids
        // into local files per split (and the manifest); return them as a DatasetFiles here.
        // ------------------------------------------------------------------------------------------------------
        if (Files.exists(local)) {
            throw new IOException(reference + " is a file; --tasks takes a dataset directory (holding <split>.jsonl,"
                    + " <split>/*.jsonl or data/<split>-*.jsonl)");
        }
        throw new IOException("no dataset directory at '" + reference + "'" + (reference.startsWith("hf://")
                || reference.matches("[\\w.-]+/[\\w.-]+") ? "; Hugging Face references need the Hub loader, which this"
                + " build does not include yet" : ""));
    }

    /** The task source over the files of {@code reference}. */
    static TaskSource open(String reference, TaskMapping mapping) throws IOException {
        return TaskSource.fromFiles(resolve(reference).splits(), mapping);
    }
}
