package io.openenv4j.tasks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that finds the splits of a dataset from its file names, for Hub snapshots and local
 * directories alike. It follows the {@code datasets} library when no config lists files explicitly; the
 * first step that finds anything wins and the files it does not place are left out:
 * <ol>
 * <li>sharded files {@code data/{split}-00000-of-00001.*} (any split name);
 * <li>a split keyword in a directory name ({@code train/…}, {@code data/test_2024/…});
 * <li>a split keyword in a file name ({@code train.jsonl}, {@code my-test.csv});
 * <li>else every data file is {@code train}.
 * </ol>
 * Keywords: {@code train}/{@code training}; {@code validation}/{@code valid}/{@code dev}/{@code val};
 * {@code test}/{@code testing}/{@code eval}/{@code evaluation}, delimited by start/end or one of
 * {@code - . _ space digit /}. Data files are {@code .parquet}, {@code .jsonl}, {@code .ndjson},
 * {@code .json} and {@code .csv}; hidden files and directories ({@code .x}, {@code __x}) and the metadata
 * files {@code datasets} ignores ({@code config.json}, {@code dataset_info.json}, {@code dataset_infos.json},
 * {@code dataset_dict.json}) are not data. Files of a split are in path order.
 */
public final class SplitLayout {

    private static final Pattern SHARDED = Pattern.compile("data/([A-Za-z0-9_]+)-[0-9]{5}-of-[0-9]{5}[^/]*");
    private static final java.util.Set<String> IGNORED =
            java.util.Set.of("config.json", "dataset_info.json", "dataset_infos.json", "dataset_dict.json");
    private static final Map<String, List<String>> KEYWORDS = new LinkedHashMap<>();

    static {
        KEYWORDS.put("train", List.of("train", "training"));
        KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
        KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
    }

    private SplitLayout() {}

    public static boolean isDataFile(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (String part : lower.split("/")) {
            if (part.startsWith(".") || part.startsWith("__")) {
                return false;
            }
        }
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        if (IGNORED.contains(name)) {
            return false;
        }
        return lower.endsWith(".parquet")
                || lower.endsWith(".jsonl")
                || lower.endsWith(".ndjson")
                || lower.endsWith(".json")
                || lower.endsWith(".csv");
    }

    /** Split name to the files of that split (sorted), for {@code paths} relative to the data root. */
    public static Map<String, List<String>> detect(List<String> paths) {
        List<String> data =
                paths.stream().filter(SplitLayout::isDataFile).sorted().toList();
        Map<String, List<String>> out = new TreeMap<>();
        for (String p : data) {
            Matcher m = SHARDED.matcher(p);
            if (m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (String p : data) {
            String split = p.contains("/") ? byName(p.substring(0, p.lastIndexOf('/'))) : null;
            if (split != null) {
                out.computeIfAbsent(split, k -> new ArrayList<>()).add(p);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (String p : data) {
            String split = byName(p.substring(p.lastIndexOf('/') + 1));
            if (split != null) {
                out.computeIfAbsent(split, k -> new ArrayList<>()).add(p);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (!data.isEmpty()) {
            out.put("train", new ArrayList<>(data));
        }
        return out;
    }

    /** Files matching glob patterns ({@code *}, {@code **}, {@code ?}), as {@code data_files} in a manifest. */
    public static List<String> matching(List<String> paths, List<String> globs) {
        List<String> out = new ArrayList<>();
        for (String glob : globs) {
            Pattern p = Pattern.compile(globToRegex(glob));
            for (String path : paths) {
                if (p.matcher(path).matches() && !out.contains(path)) {
                    out.add(path);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    b.append("(?:.*/)?");
                } else {
                    b.append(".*");
                }
            } else if (c == '*') {
                b.append("[^/]*");
            } else if (c == '?') {
                b.append("[^/]");
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }

    private static String byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> e : KEYWORDS.entrySet()) {
            for (String keyword : e.getValue()) {
                if (Pattern.compile("(^|[-._ 0-9/])" + keyword + "($|[-._ 0-9/])")
                        .matcher(lower)
                        .find()) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
