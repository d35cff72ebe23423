package io.openenv4j.tasks;

import io.openenv4j.tasks.internal.SplitLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data files of a local dataset directory, per split (found by {@link #scan}), and its manifest when it has one.
 *
 * @param root the directory
 * @param splits the files of each split in reading order, splits in {@link #order} order
 * @param manifest the {@code environment.yaml} at the root, if any
 */
public record DatasetFiles(Path root, Map<String, List<Path>> splits, Optional<Path> manifest) {

    private static final List<String> FIRST = List.of("train", "validation", "test");

    public DatasetFiles {
        var copy = new LinkedHashMap<String, List<Path>>();
        splits.forEach((split, files) -> copy.put(split, List.copyOf(files)));
        splits = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Finds the splits of {@code directory} with the same rule the Hub loader applies to a repository
     * snapshot ({@link io.openenv4j.tasks.internal.SplitLayout}, the file-naming rule of the Hugging Face
     * {@code datasets} library): sharded files {@code data/<split>-00000-of-00001.<ext>} name their split
     * (any name); else a split keyword in a file or folder name ({@code train}/{@code training};
     * {@code validation}/{@code valid}/{@code val}/{@code dev}; {@code test}/{@code testing}/{@code eval}/
     * {@code evaluation}) delimited by start/end or one of {@code - . _ space digit /}; else every data file
     * is {@code train}. Data files are {@code .jsonl}, {@code .ndjson}, {@code .json}, {@code .parquet} and
     * {@code .csv} anywhere below the directory; hidden files and folders are ignored; files of one split are
     * read in path order. The manifest is {@code environment.yaml} at the root. (This reads no manifest: a
     * manifest's {@code data_files} are applied by {@code hub.Datasets.open}, which also takes directories.)
     *
     * @throws IOException when the directory cannot be read or holds no data files
     */
    public static DatasetFiles scan(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        var relative = new ArrayList<String>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile)
                    .forEach(
                            p -> relative.add(directory.relativize(p).toString().replace('\\', '/')));
        }
        Map<String, List<String>> found = SplitLayout.detect(relative);
        if (found.isEmpty()) {
            throw new IOException(directory + " holds no data files (.jsonl, .ndjson, .json, .parquet, .csv)");
        }
        var ordered = new LinkedHashMap<String, List<Path>>();
        order(found.keySet())
                .forEach(split -> ordered.put(
                        split, found.get(split).stream().map(directory::resolve).toList()));
        Path manifest = directory.resolve("environment.yaml");
        return new DatasetFiles(
                directory, ordered, Files.isRegularFile(manifest) ? Optional.of(manifest) : Optional.empty());
    }

    /** Split names in the conventional order: train, validation, test, then the others by name. */
    public static List<String> order(java.util.Collection<String> splits) {
        var out = new ArrayList<String>();
        FIRST.stream().filter(splits::contains).forEach(out::add);
        splits.stream().filter(s -> !FIRST.contains(s)).sorted().forEach(out::add);
        return out;
    }
}
