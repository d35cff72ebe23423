package io.openenv4j.cli;

import io.openenv4j.tasks.DatasetFiles;
import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.tasks.hub.Datasets;
import io.openenv4j.tasks.hub.HubException;
import io.openenv4j.tasks.hub.HubOptions;
import io.openenv4j.tasks.hub.LoadedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns what the user typed after {@code --tasks} (or {@code tasks inspect}) into local data files. The one
 * place where dataset references are resolved for the command line.
 */
final class TaskDatasets {

    private TaskDatasets() {}

    /**
     * The files of {@code reference}: a local dataset directory, or a Hugging Face reference ({@code
     * hf://datasets/{repo}[/{config}]@{revision}} or {@code org/name}) resolved into the local cache, honouring
     * {@code HF_HOME}, {@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code HF_TOKEN} and {@code HF_HUB_OFFLINE}.
     *
     * @throws IOException naming the reference when it cannot be resolved
     */
    static DatasetFiles resolve(String reference) throws IOException {
        Path local = Path.of(reference);
        if (Files.isDirectory(local)) {
            return DatasetFiles.scan(local);
        }
        if (Files.exists(local)) {
            throw new IOException(reference + " is a file; --tasks takes a dataset directory (holding <split>.jsonl,"
                    + " <split>/*.jsonl or data/<split>-*.jsonl) or a Hugging Face reference");
        }
        try {
            LoadedDataset dataset = Datasets.open(reference, HubOptions.fromEnvironment());
            return new DatasetFiles(dataset.root(), dataset.splitFiles(), Optional.ofNullable(dataset.manifestFile()));
        } catch (HubException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The task source over the files of {@code reference}. */
    static TaskSource open(String reference, TaskMapping mapping) throws IOException {
        return TaskSource.fromFiles(resolve(reference).splits(), mapping);
    }
}
