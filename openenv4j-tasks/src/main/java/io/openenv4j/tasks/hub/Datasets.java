package io.openenv4j.tasks.hub;

import io.openenv4j.tasks.internal.SplitLayout;
import io.openenv4j.tasks.manifest.EnvironmentDeclaration;
import io.openenv4j.tasks.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Opens a dataset by reference: resolves a Hub repository (or a local directory) to local files per split,
 * downloading into the shared {@code huggingface_hub} cache what is not there yet.
 *
 * <pre>{@code
 * LoadedDataset ds = Datasets.open("hf://datasets/openenv/gsm-small/qa@main", HubOptions.fromEnvironment());
 * for (Path file : ds.files("train")) { try (RowCursor rows = RowFile.open(file).rows(0)) { ... } }
 * }</pre>
 *
 * <p>Online, the revision is resolved to a commit with {@code GET /api/datasets/{repo}/revision/{rev}}
 * (remembered in {@code refs/{rev}}), {@code environment.yaml} is read if the repository has one, and the
 * data files are chosen by the selected environment's {@code dataset}/{@code config_name}, else by the
 * selector as a config directory, else by the {@code datasets} naming rules. A repository without usable
 * data files falls back to the Hub's Parquet conversion ({@code GET /api/datasets/{repo}/parquet} and the
 * {@code refs/convert/parquet} revision). Offline ({@code HF_HUB_OFFLINE=1}), the same steps run against
 * the cache only. The dataset card ({@code README.md}) is fetched and cached alongside when the repository has
 * one, so {@link LoadedDataset#features()} can read its {@code dataset_info}. Thread-safe; concurrent opens of the same files share one download.
 */
public final class Datasets {

    static final String CONVERTED = "refs/convert/parquet";
    /** The dataset card, whose YAML front matter may hold {@code dataset_info} features. */
    static final String CARD = "README.md";

    private Datasets() {}

    /** Opens {@code refOrPath} (see {@link DatasetRef#parse}). */
    public static LoadedDataset open(String refOrPath, HubOptions options) {
        return open(DatasetRef.parse(refOrPath), options);
    }

    public static LoadedDataset open(DatasetRef ref, HubOptions options) {
        try {
            return switch (ref) {
                case DatasetRef.Local local -> local(local, options);
                case DatasetRef.Hub hub -> new HubSession(hub, options).open();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(ref + ": " + e.getMessage(), e);
        }
    }

    private static LoadedDataset local(DatasetRef.Local ref, HubOptions options) throws IOException {
        Path root = ref.directory().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new HubException(HubException.Kind.NOT_FOUND, root + ": no such directory");
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
        }
        Manifest manifest = files.contains(Manifest.FILE_NAME) ? Manifest.read(root.resolve(Manifest.FILE_NAME)) : null;
        Selection sel = select(ref.toString(), null, files, manifest, options);
        if (sel.splits().isEmpty()) {
            throw new HubException(
                    HubException.Kind.NOT_FOUND,
                    root + ": no data files (.parquet, .jsonl, .json, " + ".csv)"
                            + (sel.config() == null ? "" : " for config '" + sel.config() + "'"));
        }
        Map<String, List<Path>> out = new LinkedHashMap<>();
        sel.splits()
                .forEach((split, paths) ->
                        out.put(split, paths.stream().map(root::resolve).toList()));
        return new LoadedDataset(
                ref,
                "local",
                sel.config(),
                root,
                out,
                manifest,
                manifest == null ? null : root.resolve(Manifest.FILE_NAME),
                sel.environment(),
                files.contains(CARD) ? root.resolve(CARD) : null);
    }

    /** The environment, config and per-split repository paths chosen for a reference. */
    record Selection(EnvironmentDeclaration environment, String config, Map<String, List<String>> splits) {}

    static Selection select(String what, String selector, List<String> files, Manifest manifest, HubOptions options) {
        EnvironmentDeclaration env = null;
        if (manifest != null) {
            if (selector != null) {
                env = manifest.environment(selector).orElse(null);
            } else if (manifest.environments().size() == 1) {
                env = manifest.environments().get(0);
            }
        }
        String config = selector;
        if (env != null) {
            config = env.dataset() != null && env.dataset().config() != null
                    ? env.dataset().config()
                    : env.configName();
        }
        Map<String, List<String>> splits = new TreeMap<>();
        if (env != null && env.dataset() != null && !env.dataset().dataFiles().isEmpty()) {
            env.dataset().dataFiles().forEach((split, globs) -> {
                List<String> matched = SplitLayout.matching(files, globs);
                if (matched.isEmpty()) {
                    throw new HubException(
                            HubException.Kind.NOT_FOUND,
                            what + ": data_files of split '" + split + "' (" + String.join(", ", globs)
                                    + ") match no file");
                }
                splits.put(split, matched);
            });
        } else {
            String prefix =
                    env != null && env.dataset() != null && env.dataset().path() != null
                            ? env.dataset().path().replaceAll("/+$", "") + "/"
                            : null;
            if (prefix == null && config != null) {
                String dir = config + "/";
                if (files.stream().anyMatch(f -> f.startsWith(dir) && SplitLayout.isDataFile(f))) {
                    prefix = dir;
                } else if (!config.equals("default")) {
                    return new Selection(env, config, splits);
                }
            }
            String p = prefix;
            List<String> scoped = p == null
                    ? files
                    : files.stream()
                            .filter(f -> f.startsWith(p))
                            .map(f -> f.substring(p.length()))
                            .toList();
            SplitLayout.detect(scoped)
                    .forEach((split, paths) -> splits.put(
                            split,
                            paths.stream().map(x -> p == null ? x : p + x).toList()));
        }
        if (env != null && env.dataset() != null && env.dataset().split() != null) {
            keepOnly(what, splits, List.of(env.dataset().split()));
        } else if (env != null && !env.splits().isEmpty() && !splits.isEmpty()) {
            keepOnly(what, splits, env.splits());
        }
        if (!options.splits().isEmpty() && !splits.isEmpty()) {
            keepOnly(what, splits, List.copyOf(options.splits()));
        }
        return new Selection(env, config, splits);
    }

    private static void keepOnly(String what, Map<String, List<String>> splits, List<String> wanted) {
        for (String w : wanted) {
            if (!splits.containsKey(w)) {
                throw new HubException(
                        HubException.Kind.NOT_FOUND,
                        what + ": no split '" + w + "' (splits: " + String.join(", ", splits.keySet()) + ")");
            }
        }
        splits.keySet().retainAll(wanted);
    }

    /** One resolution against the Hub (or, offline, against the cache). */
    private static final class HubSession {
        private final DatasetRef.Hub ref;
        private final HubOptions options;
        private final HubCache cache;
        private final HubClient client;
        private final boolean offline;
        /** File lists from the dataset-info calls of this session, by commit. */
        private final Map<String, List<String>> siblingsBySha = new LinkedHashMap<>();
        /** The config chosen from the Parquet conversion listing, once consulted. */
        private String convertedConfig;

        HubSession(DatasetRef.Hub ref, HubOptions options) {
            this.ref = ref;
            this.options = options;
            this.cache = new HubCache(options.cacheDir());
            this.client = new HubClient(options);
            this.offline = options.network() == HubOptions.Network.OFFLINE;
        }

        LoadedDataset open() throws IOException {
            String repo = ref.repo();
            String commit = resolve(ref.revision());
            List<String> files = listing(commit);
            Path manifestFile = files.contains(Manifest.FILE_NAME) ? fetch(commit, Manifest.FILE_NAME) : null;
            Manifest manifest = manifestFile == null ? null : Manifest.read(manifestFile);
            // The card lives on the dataset's own revision, also when the rows come from the Parquet conversion.
            Path card = files.contains(CARD) ? fetch(commit, CARD) : null;
            Selection sel = select(ref.toString(), ref.selector(), files, manifest, options);
            String filesCommit = commit;
            if (sel.splits().isEmpty()) {
                filesCommit = converted(sel);
                sel = convertedSelection(sel, filesCommit);
            }
            Map<String, List<Path>> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : sel.splits().entrySet()) {
                List<Path> local = new ArrayList<>();
                for (String file : e.getValue()) {
                    local.add(fetch(filesCommit, file));
                }
                out.put(e.getKey(), local);
            }
            return new LoadedDataset(
                    ref,
                    filesCommit,
                    sel.config(),
                    cache.snapshotDir(repo, filesCommit),
                    out,
                    manifest,
                    manifestFile,
                    sel.environment(),
                    card);
        }

        private String resolve(String revision) throws IOException {
            if (offline) {
                if (isCommit(revision) && Files.isDirectory(cache.snapshotDir(ref.repo(), revision))) {
                    return revision;
                }
                return cache.readRef(ref.repo(), revision)
                        .orElseThrow(() -> notCached("revision '" + revision + "' of " + ref.repo()));
            }
            JsonNode info = client.json(
                    "/api/datasets/" + ref.repo() + "/revision/" + HubClient.segment(revision),
                    ref.repo() + "@" + revision);
            String sha = text(info, "sha", revision);
            cache.writeRef(ref.repo(), revision, sha);
            siblingsBySha.put(sha, siblings(info, revision));
            return sha;
        }

        private List<String> listing(String commit) throws IOException {
            if (offline) {
                return cache.snapshotFiles(ref.repo(), commit);
            }
            return siblingsBySha.get(commit);
        }

        private String converted(Selection sel) throws IOException {
            if (offline) {
                return cache.readRef(ref.repo(), CONVERTED)
                        .orElseThrow(() -> notCached(
                                ref.repo() + " has no data files in the cached snapshot and its Parquet conversion"));
            }
            JsonNode listing = client.json("/api/datasets/" + ref.repo() + "/parquet", ref.repo() + " parquet listing");
            List<String> configs = new ArrayList<>();
            listing.propertyNames().forEach(configs::add);
            String config = sel.config();
            if (config == null) {
                config = configs.contains("default") || configs.size() != 1 ? "default" : configs.get(0);
            }
            if (!configs.contains(config)) {
                throw new HubException(
                        HubException.Kind.NOT_FOUND,
                        ref + ": no data files for config '" + config + "' (configs in the Parquet conversion: "
                                + String.join(", ", configs) + ")");
            }
            convertedConfig = config;
            return resolve(CONVERTED);
        }

        private Selection convertedSelection(Selection sel, String commit) throws IOException {
            String config = convertedConfig != null ? convertedConfig : sel.config() != null ? sel.config() : "default";
            String prefix = config + "/";
            Map<String, List<String>> splits = new TreeMap<>();
            for (String f : listing(commit)) {
                if (f.startsWith(prefix) && f.endsWith(".parquet") && f.indexOf('/', prefix.length()) > 0) {
                    String split = f.substring(prefix.length(), f.indexOf('/', prefix.length()));
                    splits.computeIfAbsent(split, k -> new ArrayList<>()).add(f);
                }
            }
            splits.values().forEach(l -> l.sort(null));
            if (splits.isEmpty()) {
                throw new HubException(
                        offline ? HubException.Kind.NOT_CACHED : HubException.Kind.NOT_FOUND,
                        ref
                                + ": no data files" + (config == null ? "" : " for config '" + config + "'")
                                + (offline ? " in the cache (HF_HUB_OFFLINE is set)" : ""));
            }
            EnvironmentDeclaration env = sel.environment();
            if (env != null && !env.splits().isEmpty()) {
                keepOnly(ref.toString(), splits, env.splits());
            }
            if (!options.splits().isEmpty()) {
                keepOnly(ref.toString(), splits, List.copyOf(options.splits()));
            }
            return new Selection(env, config, splits);
        }

        /** The local path of one repository file at {@code commit}, downloading it if it is not cached. */
        private Path fetch(String commit, String file) throws IOException {
            Path pointer = cache.snapshotFile(ref.repo(), commit, file);
            if (Files.isRegularFile(pointer)) {
                return pointer;
            }
            if (offline) {
                throw notCached(ref.repo() + "@" + commit + ": " + file);
            }
            HubClient.FileMetadata meta = client.head(ref.repo(), commit, file);
            if (!meta.etag().matches("[A-Za-z0-9._-]{1,128}")) {
                throw new HubException(HubException.Kind.PROTOCOL, file + ": unusable ETag '" + meta.etag() + "'");
            }
            Path blob = cache.blob(ref.repo(), meta.etag());
            return cache.locked(ref.repo(), meta.etag(), () -> {
                if (!Files.isRegularFile(blob)) {
                    Files.createDirectories(blob.getParent());
                    Path partial = blob.resolveSibling(meta.etag() + ".incomplete");
                    ProgressBar bar = ProgressBar.forDownload(file, options.progress());
                    try {
                        client.download(
                                meta.location(), partial, meta.size(), ref.repo() + "@" + commit + ": " + file, bar);
                        Checksums.verify(partial, meta.etag(), meta.size(), ref.repo() + "@" + commit + ": " + file);
                        HubCache.moveAtomically(partial, blob);
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(partial);
                        throw e;
                    } finally {
                        bar.finish();
                    }
                }
                return cache.link(ref.repo(), commit, file, blob);
            });
        }

        private HubException notCached(String what) {
            return new HubException(
                    HubException.Kind.NOT_CACHED,
                    what + " is not in the cache at " + cache.root()
                            + " and offline mode is on (HF_HUB_OFFLINE); run once online to fill the cache");
        }

        private static boolean isCommit(String revision) {
            return revision.matches("[0-9a-f]{40}");
        }

        private static String text(JsonNode node, String field, String what) {
            JsonNode v = node.get(field);
            if (v == null || !v.isString() || v.asString().isBlank()) {
                throw new HubException(HubException.Kind.PROTOCOL, what + ": the dataset info has no '" + field + "'");
            }
            return v.asString();
        }

        private static List<String> siblings(JsonNode info, String what) {
            JsonNode list = info.get("siblings");
            if (list == null || !list.isArray()) {
                throw new HubException(HubException.Kind.PROTOCOL, what + ": the dataset info has no file list");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode s : list) {
                out.add(text(s, "rfilename", what));
            }
            out.sort(null);
            return out;
        }
    }
}
