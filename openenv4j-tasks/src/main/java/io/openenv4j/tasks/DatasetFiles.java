package io.openenv4j.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The data files of a local dataset directory, per split, and its manifest when it has one.
 *
 * @param root the directory
 * @param splits the files of each split in reading order, splits in {@link #order} order
 * @param manifest the {@code environment.yaml} at the root, if any
 */
public record DatasetFiles(Path root, Map<String, List<Path>> splits, Optional<Path> manifest) {

    private static final List<String> EXTENSIONS = List.of(".jsonl", ".ndjson", ".json", ".parquet", ".csv");
    /** {@code data/<split>-00000-of-00001.parquet} and {@code data/<split>.csv}, as the Hub lays files out. */
    private static final Pattern HUB_FILE = Pattern.compile("([A-Za-z0-9_.]+?)(?:-\\d{5}-of-\\d{5})?(?:-[^/]*)?");
    private static final List<String> FIRST = List.of("train", "validation", "test");

    public DatasetFiles {
        var copy = new LinkedHashMap<String, List<Path>>();
        splits.forEach((split, files) -> copy.put(split, List.copyOf(files)));
        splits = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Finds the splits of {@code directory}, in this order of layouts: {@code <split>.<ext>} files at the
     * root; {@code <split>/} folders of data files; {@code data/<split>-*.<ext>} (the Hub's layout). Data
     * files are {@code .jsonl}, {@code .ndjson}, {@code .json}, {@code .parquet} and {@code .csv}; files of
     * one split are read in name order. The manifest is {@code environment.yaml} at the root.
     *
     * @throws IOException when the directory cannot be read or holds no data files
     */
    public static DatasetFiles scan(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        var found = new TreeMap<String, List<Path>>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && isData(name)) {
                    found.computeIfAbsent(stem(name), k -> new ArrayList<>()).add(entry);
                } else if (Files.isDirectory(entry) && !name.equals("data") && !name.startsWith(".")) {
                    List<Path> files = dataFiles(entry);
                    if (!files.isEmpty()) {
                        found.computeIfAbsent(name, k -> new ArrayList<>()).addAll(files);
                    }
                }
            }
        }
        Path data = directory.resolve("data");
        if (found.isEmpty() && Files.isDirectory(data)) {
            for (Path file : dataFiles(data)) {
                Matcher m = HUB_FILE.matcher(stem(file.getFileName().toString()));
                String split = m.matches() ? m.group(1) : stem(file.getFileName().toString());
                found.computeIfAbsent(split, k -> new ArrayList<>()).add(file);
            }
        }
        if (found.isEmpty()) {
            throw new IOException(directory + " holds no data files: expected <split>.jsonl, <split>/*.jsonl or"
                    + " data/<split>-*.{jsonl,parquet,csv}");
        }
        var ordered = new LinkedHashMap<String, List<Path>>();
        order(found.keySet()).forEach(split -> ordered.put(split, found.get(split)));
        Path manifest = directory.resolve("environment.yaml");
        return new DatasetFiles(directory, ordered, Files.isRegularFile(manifest) ? Optional.of(manifest) : Optional.empty());
    }

    /** Split names in the conventional order: train, validation, test, then the others by name. */
    public static List<String> order(java.util.Collection<String> splits) {
        var out = new ArrayList<String>();
        FIRST.stream().filter(splits::contains).forEach(out::add);
        splits.stream().filter(s -> !FIRST.contains(s)).sorted().forEach(out::add);
        return out;
    }

    private static List<Path> dataFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(p -> isData(p.getFileName().toString()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static boolean isData(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static String stem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}
