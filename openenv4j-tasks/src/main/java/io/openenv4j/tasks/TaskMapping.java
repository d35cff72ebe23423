package io.openenv4j.tasks;

import io.openenv4j.tasks.data.DataFormatException;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which columns of a dataset row make up a {@link Task}: the id, the prompt, the hidden fields and the
 * metadata. A part left {@code null} (or empty, for lists) is found by name among the columns:
 *
 * <ul>
 *   <li>id: the first of {@link #ID_NAMES}; when none exists, tasks get positional ids {@code <split>/<index>}
 *   <li>prompt: the first of {@link #PROMPT_NAMES} (required)
 *   <li>hidden: every column among {@link #HIDDEN_NAMES}
 *   <li>metadata: every column not used otherwise
 * </ul>
 *
 * <p>Named columns must exist; a column cannot be both prompt and hidden. Text form for the command line:
 * {@code id=qid,prompt=question,hidden=answer+solution,metadata=level} (see {@link #parse}).
 *
 * <p>Image and Audio columns (by the dataset's features) carry {@code {path, sha256, size}} instead of their
 * bytes unless the mapping opts in with {@code media=bytes}: then they carry {@code {bytes, path}} as
 * {@code datasets} stores them, the bytes base64 in JSON.
 *
 * @param idColumn the id column, or {@code null} to find it
 * @param promptColumn the prompt column, or {@code null} to find it
 * @param hiddenColumns the hidden columns, or empty to find them
 * @param metadataColumns the metadata columns, or empty for every other column
 * @param mediaBytes whether Image and Audio columns deliver their bytes (default: path and hash only)
 */
public record TaskMapping(
        String idColumn,
        String promptColumn,
        List<String> hiddenColumns,
        List<String> metadataColumns,
        boolean mediaBytes) {

    public static final List<String> ID_NAMES = List.of("id", "task_id", "uid", "idx", "question_id", "problem_id");
    public static final List<String> PROMPT_NAMES =
            List.of("prompt", "question", "problem", "input", "query", "instruction", "text");
    public static final List<String> HIDDEN_NAMES = List.of(
            "answer",
            "answers",
            "solution",
            "solutions",
            "final_answer",
            "reference",
            "reference_answer",
            "ground_truth",
            "target",
            "targets",
            "label",
            "gold",
            "expected",
            "output",
            "completion",
            "test",
            "tests",
            "test_cases");

    private static final TaskMapping DEFAULTS = new TaskMapping(null, null, List.of(), List.of());

    public TaskMapping {
        hiddenColumns = hiddenColumns == null ? List.of() : List.copyOf(hiddenColumns);
        metadataColumns = metadataColumns == null ? List.of() : List.copyOf(metadataColumns);
    }

    /** A mapping whose media columns show path and hash, not bytes. */
    public TaskMapping(String idColumn, String promptColumn, List<String> hiddenColumns, List<String> metadataColumns) {
        this(idColumn, promptColumn, hiddenColumns, metadataColumns, false);
    }

    /** This mapping with Image and Audio bytes delivered ({@code true}) or replaced by path and hash. */
    public TaskMapping withMediaBytes(boolean bytes) {
        return new TaskMapping(idColumn, promptColumn, hiddenColumns, metadataColumns, bytes);
    }

    /** Every part found by name. */
    public static TaskMapping defaults() {
        return DEFAULTS;
    }

    /**
     * Parses {@code key=value} pairs separated by commas; keys {@code id}, {@code prompt}, {@code hidden},
     * {@code metadata} and {@code media} ({@code bytes} or {@code path}, the default); list values separated
     * by {@code +}. An empty text is {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the bad pair
     */
    public static TaskMapping parse(String text) {
        String id = null;
        String prompt = null;
        List<String> hidden = List.of();
        List<String> metadata = List.of();
        boolean mediaBytes = false;
        for (String pair : Objects.requireNonNull(text, "text").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(
                        "task mapping '" + pair.trim() + "' needs a column: write " + key + "=<column>");
            }
            List<String> values = List.of(value.split("\\+")).stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
            switch (key) {
                case "id" -> id = value;
                case "prompt" -> prompt = value;
                case "hidden" -> hidden = values;
                case "metadata" -> metadata = values;
                case "media" ->
                    mediaBytes = switch (value) {
                        case "bytes" -> true;
                        case "path" -> false;
                        default ->
                            throw new IllegalArgumentException(
                                    "task mapping 'media=" + value
                                            + "': use media=bytes (Image/Audio bytes, base64 in JSON) or media=path (path and hash)");
                    };
                default ->
                    throw new IllegalArgumentException("unknown task mapping key '" + key
                            + "'; use id, prompt, hidden, metadata and media, e.g. prompt=question,hidden=answer");
            }
        }
        return new TaskMapping(id, prompt, hidden, metadata, mediaBytes);
    }

    /**
     * This mapping made concrete for a split with {@code columns}: every part named, the metadata listed.
     *
     * @throws DataFormatException when a named column is missing, no prompt column can be found, or a column
     *     is used twice
     */
    public TaskMapping resolve(Collection<String> columns, String where) {
        String id = idColumn;
        if (id != null) {
            require(columns, id, "id", where);
        } else {
            id = ID_NAMES.stream().filter(columns::contains).findFirst().orElse(null);
        }
        String prompt = promptColumn;
        if (prompt != null) {
            require(columns, prompt, "prompt", where);
        } else {
            prompt = PROMPT_NAMES.stream()
                    .filter(columns::contains)
                    .findFirst()
                    .orElseThrow(() -> new DataFormatException(
                            where + ": no prompt column among " + List.copyOf(columns) + " (looked for " + PROMPT_NAMES
                                    + "); name it with the task mapping, e.g. prompt=<column>"));
        }
        List<String> hidden = hiddenColumns;
        if (hidden.isEmpty()) {
            hidden = HIDDEN_NAMES.stream().filter(columns::contains).toList();
        } else {
            hidden.forEach(column -> require(columns, column, "hidden", where));
        }
        if (hidden.contains(prompt) || id != null && hidden.contains(id)) {
            throw new DataFormatException(where + ": column '" + (hidden.contains(prompt) ? prompt : id)
                    + "' cannot be both hidden and the " + (hidden.contains(prompt) ? "prompt" : "id"));
        }
        List<String> metadata = metadataColumns;
        if (metadata.isEmpty()) {
            var rest = new ArrayList<String>();
            for (String column : columns) {
                if (!column.equals(prompt) && !column.equals(id) && !hidden.contains(column)) {
                    rest.add(column);
                }
            }
            metadata = rest;
        } else {
            metadata.forEach(column -> require(columns, column, "metadata", where));
            var clash = metadata.stream().filter(hidden::contains).findFirst();
            if (clash.isPresent()) {
                throw new DataFormatException(
                        where + ": column '" + clash.get() + "' cannot be both hidden and metadata");
            }
        }
        return new TaskMapping(id, prompt, hidden, metadata, mediaBytes);
    }

    /** The task of row {@code index} of {@code split}; the mapping must be {@link #resolve resolved}. */
    public Task toTask(String split, long index, Map<String, Object> row) {
        String id;
        if (idColumn == null) {
            id = positionalId(split, index);
        } else {
            Object value = row.get(idColumn);
            if (value == null) {
                throw new DataFormatException(
                        "split " + split + " row " + index + ": id column '" + idColumn + "' is empty");
            }
            id = value instanceof String s ? s : WireJson.write(value);
        }
        Object promptValue = row.get(promptColumn);
        String prompt = promptValue == null ? "" : promptValue instanceof String s ? s : WireJson.write(promptValue);
        var hidden = new LinkedHashMap<String, Object>();
        hiddenColumns.forEach(column -> hidden.put(column, row.get(column)));
        var metadata = new LinkedHashMap<String, Object>();
        metadataColumns.forEach(column -> metadata.put(column, row.get(column)));
        return new Task(id, split, index, prompt, hidden, metadata);
    }

    /** The id of a task of a split without an id column: {@code <split>/<index>}. */
    public static String positionalId(String split, long index) {
        return split + "/" + index;
    }

    private static void require(Collection<String> columns, String column, String role, String where) {
        if (!columns.contains(column)) {
            throw new DataFormatException(where + ": the " + role + " column '" + column + "' is not among the columns "
                    + List.copyOf(columns));
        }
    }
}
