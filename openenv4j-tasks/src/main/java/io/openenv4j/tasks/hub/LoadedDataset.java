package io.openenv4j.tasks.hub;

import io.openenv4j.tasks.data.DatasetFeatures;
import io.openenv4j.tasks.manifest.EnvironmentDeclaration;
import io.openenv4j.tasks.manifest.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset resolved to local files.
 *
 * @param ref what was asked for
 * @param revision the commit sha the files come from (for a local directory: {@code "local"})
 * @param config the config the files belong to, or null for the dataset's default layout
 * @param root the local directory the file paths are relative to (a cache snapshot or the directory)
 * @param splitFiles split name to its local files, in reading order; splits in the conventional order (train,
 *     validation, test, then the others by name)
 * @param manifest the dataset's {@code environment.yaml}, or null when it has none
 * @param manifestFile the local copy of that file, or null
 * @param environment the manifest environment the reference selected, or null
 * @param cardFile the local copy of the dataset card ({@code README.md}), or null when the dataset has none
 */
public record LoadedDataset(
        DatasetRef ref,
        String revision,
        String config,
        Path root,
        Map<String, List<Path>> splitFiles,
        Manifest manifest,
        Path manifestFile,
        EnvironmentDeclaration environment,
        Path cardFile) {

    public LoadedDataset {
        Map<String, List<Path>> copy = new LinkedHashMap<>();
        Map<String, List<Path>> given = splitFiles;
        io.openenv4j.tasks.DatasetFiles.order(given.keySet()).forEach(k -> copy.put(k, List.copyOf(given.get(k))));
        splitFiles = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The features of the card's {@code dataset_info} for this dataset's config (ClassLabel names, Image/Audio,
     * Sequence); {@link DatasetFeatures#NONE} when there is no card or it declares none.
     */
    public DatasetFeatures features() {
        return cardFile == null ? DatasetFeatures.NONE : DatasetFeatures.fromCard(cardFile, config);
    }

    public Optional<Manifest> manifestIfPresent() {
        return Optional.ofNullable(manifest);
    }

    /** The files of {@code split}; a {@link HubException} of kind NOT_FOUND names the splits there are. */
    public List<Path> files(String split) {
        List<Path> files = splitFiles.get(split);
        if (files == null) {
            throw new HubException(
                    HubException.Kind.NOT_FOUND,
                    ref + ": no split '" + split + "' (splits: " + String.join(", ", splitFiles.keySet()) + ")");
        }
        return files;
    }
}
