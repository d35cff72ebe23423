package io.openenv4j.tasks.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dataset} block: explicit data locations when the dataset's own layout is not enough.
 *
 * @param repo another dataset repository holding the rows ({@code org/name}), or null for this one
 * @param revision the revision of {@code repo}, or null
 * @param config the config name, or null
 * @param split the single split the environment uses, or null
 * @param path a directory (relative to the repository root) holding the data files, or null
 * @param dataFiles split name to file paths or glob patterns ({@code data_files}, as in {@code datasets}:
 *     a string, a list, or a mapping of split to string or list); empty when not given
 */
public record DatasetLocation(
        String repo, String revision, String config, String split, String path, Map<String, List<String>> dataFiles) {

    public DatasetLocation {
        dataFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataFiles));
    }

    static DatasetLocation from(Node node) {
        node.mapping();
        String repo = node.optionalText("repo");
        if (repo != null && !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ManifestException(
                    node.child("repo"), "expected a repository id like org/name, got '" + repo + "'");
        }
        Map<String, List<String>> files = new LinkedHashMap<>();
        node.optional("data_files").ifPresent(df -> {
            if (df.json().isString()) {
                files.put("train", List.of(df.nonBlankText()));
            } else if (df.json().isArray()) {
                files.put("train", df.textList());
            } else {
                df.entries()
                        .forEach((split, value) -> files.put(
                                split, value.json().isString() ? List.of(value.nonBlankText()) : value.textList()));
            }
        });
        String path = node.optionalText("path");
        if (path != null && (path.startsWith("/") || List.of(path.split("/")).contains(".."))) {
            throw new ManifestException(node.child("path"), "must be a relative path inside the repository");
        }
        return new DatasetLocation(
                repo,
                node.optionalText("revision"),
                node.optionalText("config"),
                node.optionalText("split"),
                path,
                files);
    }
}
