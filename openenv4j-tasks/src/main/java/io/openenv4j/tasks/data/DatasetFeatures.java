package io.openenv4j.tasks.data;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code datasets} features of a dataset's columns, where the Hub or the files provide them: the
 * {@code huggingface} metadata that {@code datasets} writes into a Parquet footer, or the {@code dataset_info}
 * of a dataset card (README.md front matter). Tells which columns are {@code ClassLabel}s (and their names),
 * {@code Image} or {@code Audio} (whose bytes the readers never hand out, see {@link #isMedia}) and
 * {@code Sequence}/{@code List}s.
 */
public record DatasetFeatures(Map<String, Feature> columns) {

    public static final DatasetFeatures NONE = new DatasetFeatures(Map.of());

    public enum Kind {
        VALUE,
        CLASS_LABEL,
        IMAGE,
        AUDIO,
        SEQUENCE,
        OTHER
    }

    /** One column's feature: its kind, the dtype of a Value, the names of a ClassLabel. */
    public record Feature(Kind kind, String dtype, List<String> names) {

        /** How {@code tasks inspect} names it: {@code ClassLabel(neg, pos)}, {@code Image}, {@code Value(int64)}. */
        public String describe() {
            return switch (kind) {
                case CLASS_LABEL -> "ClassLabel(" + String.join(", ", names) + ")";
                case IMAGE -> "Image";
                case AUDIO -> "Audio";
                case SEQUENCE -> "Sequence";
                case VALUE -> "Value(" + dtype + ")";
                case OTHER -> dtype;
            };
        }
    }

    public DatasetFeatures {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** Whether {@code column} is an Image or Audio column. */
    public boolean isMedia(String column) {
        Feature f = columns.get(column);
        return f != null && (f.kind() == Kind.IMAGE || f.kind() == Kind.AUDIO);
    }

    /** The label name of {@code value} in ClassLabel column {@code column}, or null. */
    public String labelName(String column, Object value) {
        Feature f = columns.get(column);
        if (f == null || f.kind() != Kind.CLASS_LABEL || !(value instanceof Number n)) {
            return null;
        }
        long i = n.longValue();
        return i >= 0 && i < f.names().size() ? f.names().get((int) i) : null;
    }

    /** Features from the JSON {@code datasets} writes into a Parquet footer ({@code {"info": {"features": …}}}). */
    static DatasetFeatures fromHuggingfaceMetadata(String json) {
        try {
            JsonNode features = WireJson.parse(json).path("info").path("features");
            Map<String, Feature> out = new LinkedHashMap<>();
            for (var field : features.properties()) {
                out.put(field.getKey(), fromDict(field.getValue()));
            }
            return new DatasetFeatures(out);
        } catch (RuntimeException malformed) {
            return NONE;
        }
    }

    private static Feature fromDict(JsonNode f) {
        if (f.isArray()) {
            return new Feature(Kind.SEQUENCE, null, List.of());
        }
        String type = f.path("_type").asString("");
        return switch (type) {
            case "ClassLabel" -> new Feature(Kind.CLASS_LABEL, null, strings(f.path("names")));
            case "Image" -> new Feature(Kind.IMAGE, null, List.of());
            case "Audio" -> new Feature(Kind.AUDIO, null, List.of());
            case "Sequence", "List", "LargeList" -> new Feature(Kind.SEQUENCE, null, List.of());
            case "Value" -> new Feature(Kind.VALUE, f.path("dtype").asString(""), List.of());
            default -> new Feature(Kind.OTHER, type.isEmpty() ? "struct" : type, List.of());
        };
    }

    /**
     * Features from a dataset card: the {@code dataset_info} of README.md's YAML front matter, a mapping or a
     * list of them (one per config; the one named {@code config}, else the first). NONE when the card has none.
     */
    public static DatasetFeatures fromCard(Path readme, String config) {
        try {
            if (!Files.isRegularFile(readme)) {
                return NONE;
            }
            String text = Files.readString(readme);
            if (!text.startsWith("---")) {
                return NONE;
            }
            int end = text.indexOf("\n---", 3);
            if (end < 0) {
                return NONE;
            }
            JsonNode front = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(text.substring(3, end));
            JsonNode info = front.path("dataset_info");
            if (info.isArray()) {
                JsonNode chosen = info.size() > 0 ? info.get(0) : null;
                for (JsonNode i : info) {
                    if (config != null && config.equals(i.path("config_name").asString(""))) {
                        chosen = i;
                    }
                }
                info = chosen;
            }
            if (info == null || !info.path("features").isArray()) {
                return NONE;
            }
            Map<String, Feature> out = new LinkedHashMap<>();
            for (JsonNode f : info.path("features")) {
                out.put(f.path("name").asString(""), fromCardEntry(f));
            }
            return new DatasetFeatures(out);
        } catch (IOException | RuntimeException malformed) {
            return NONE;
        }
    }

    /** A card entry: {@code dtype: string}, {@code dtype: image}, {@code dtype: {class_label: {names: …}}}, {@code sequence: …}. */
    private static Feature fromCardEntry(JsonNode f) {
        if (f.has("sequence") || f.has("list")) {
            return new Feature(Kind.SEQUENCE, null, List.of());
        }
        JsonNode dtype = f.path("dtype");
        if (dtype.isString()) {
            return switch (dtype.asString()) {
                case "image" -> new Feature(Kind.IMAGE, null, List.of());
                case "audio" -> new Feature(Kind.AUDIO, null, List.of());
                default -> new Feature(Kind.VALUE, dtype.asString(), List.of());
            };
        }
        JsonNode names = dtype.path("class_label").path("names");
        if (!names.isMissingNode()) {
            List<String> list = new ArrayList<>();
            if (names.isArray()) {
                list.addAll(strings(names));
            } else {
                // {'0': neg, '1': pos}
                Map<Integer, String> byIndex = new java.util.TreeMap<>();
                for (var e : names.properties()) {
                    byIndex.put(Integer.parseInt(e.getKey()), e.getValue().asString());
                }
                list.addAll(byIndex.values());
            }
            return new Feature(Kind.CLASS_LABEL, null, list);
        }
        return new Feature(Kind.OTHER, "struct", List.of());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asString());
        }
        return out;
    }

    /**
     * The value an Image or Audio column shows instead of its bytes: {@code {"path": …, "sha256": …, "size": …}}
     * ({@code sha256} and {@code size} of the bytes, null when the row has none).
     */
    static Object withoutBytes(Object media) {
        if (!(media instanceof Map<?, ?> m)) {
            return media;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Object bytes = m.get("bytes");
        out.put("path", m.get("path"));
        if (bytes instanceof byte[] b) {
            try {
                out.put(
                        "sha256",
                        java.util.HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(b)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.put("size", (long) b.length);
        } else {
            out.put("sha256", null);
            out.put("size", null);
        }
        return out;
    }
}
