package io.openenv4j.tasks.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds one row's nested values from the (repetition, definition, value) triplets of its leaf columns
 * (record assembly as in the Dremel paper). Leaves of a subtree are numbered contiguously, so a subtree's
 * triplets are a range per leaf; a repeated node splits those ranges where the repetition level equals its
 * own.
 */
final class RowAssembly {

    private RowAssembly() {}

    static Object field(ParquetSchema.Node field, ColumnChunkReader.Triplets[] t, String file) {
        int[] starts = new int[t.length];
        int[] ends = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            ends[i] = t[i].size;
        }
        return fieldValue(field, t, starts, ends, file);
    }

    private static Object fieldValue(
            ParquetSchema.Node node, ColumnChunkReader.Triplets[] t, int[] starts, int[] ends, String file) {
        return node.repetition() == ParquetSchema.Repetition.REPEATED
                ? elements(node, t, starts, ends, file)
                : value(node, t, starts, ends, file);
    }

    private static Object value(
            ParquetSchema.Node node, ColumnChunkReader.Triplets[] t, int[] starts, int[] ends, String file) {
        int leaf = ParquetFile.firstLeaf(node);
        if (starts[leaf] >= ends[leaf]) {
            throw new DataFormatException(file + ": column " + node.name() + " has no value for a row");
        }
        if (t[leaf].def[starts[leaf]] < node.defLevel()) {
            return null;
        }
        if (node.isLeaf()) {
            return t[leaf].value[starts[leaf]];
        }
        List<ParquetSchema.Node> children = node.children();
        if (node.annotation() == ParquetSchema.Annotation.LIST
                && children.size() == 1
                && children.get(0).repetition() == ParquetSchema.Repetition.REPEATED) {
            return elements(children.get(0), t, starts, ends, file);
        }
        if (node.annotation() == ParquetSchema.Annotation.MAP
                && children.size() == 1
                && children.get(0).repetition() == ParquetSchema.Repetition.REPEATED
                && children.get(0).children().size() == 2) {
            List<Object> entries = elements(children.get(0), t, starts, ends, file);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object e : entries) {
                @SuppressWarnings("unchecked")
                Map<String, Object> kv = (Map<String, Object>) e;
                List<Object> pair = new ArrayList<>(kv.values());
                map.put(keyString(pair.get(0)), pair.get(1));
            }
            return map;
        }
        return struct(node, t, starts, ends, file);
    }

    private static Map<String, Object> struct(
            ParquetSchema.Node node, ColumnChunkReader.Triplets[] t, int[] starts, int[] ends, String file) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParquetSchema.Node child : node.children()) {
            out.put(child.name(), fieldValue(child, t, starts, ends, file));
        }
        return out;
    }

    private static List<Object> elements(
            ParquetSchema.Node repeated, ColumnChunkReader.Triplets[] t, int[] starts, int[] ends, String file) {
        int first = ParquetFile.firstLeaf(repeated);
        List<Object> out = new ArrayList<>();
        if (starts[first] >= ends[first] || t[first].def[starts[first]] < repeated.defLevel()) {
            return out;
        }
        int lo = first;
        int hi = lo + leafCount(repeated);
        List<int[]> bounds = new ArrayList<>();
        int count = -1;
        for (int leaf = lo; leaf < hi; leaf++) {
            int[] cuts = new int[ends[leaf] - starts[leaf] + 1];
            int n = 0;
            cuts[n++] = starts[leaf];
            for (int i = starts[leaf] + 1; i < ends[leaf]; i++) {
                if (t[leaf].rep[i] <= repeated.repLevel()) {
                    cuts[n++] = i;
                }
            }
            cuts[n++] = ends[leaf];
            if (count >= 0 && count != n - 1) {
                throw new DataFormatException(
                        file + ": columns under " + repeated.name() + " disagree on the number of elements");
            }
            count = n - 1;
            bounds.add(java.util.Arrays.copyOf(cuts, n));
        }
        ParquetSchema.Node element = elementNode(repeated);
        for (int k = 0; k < count; k++) {
            int[] s = starts.clone();
            int[] e = ends.clone();
            for (int leaf = lo; leaf < hi; leaf++) {
                s[leaf] = bounds.get(leaf - lo)[k];
                e[leaf] = bounds.get(leaf - lo)[k + 1];
            }
            if (element == repeated) {
                out.add(repeated.isLeaf() ? t[lo].value[s[lo]] : struct(repeated, t, s, e, file));
            } else {
                out.add(fieldValue(element, t, s, e, file));
            }
        }
        return out;
    }

    /** The list element a repeated node stands for, following the LIST backward-compatibility rules. */
    private static ParquetSchema.Node elementNode(ParquetSchema.Node repeated) {
        if (repeated.isLeaf()
                || repeated.children().size() != 1
                || repeated.name().equals("array")
                || repeated.name().endsWith("_tuple")) {
            return repeated;
        }
        return repeated.children().get(0);
    }

    private static int leafCount(ParquetSchema.Node node) {
        if (node.isLeaf()) {
            return 1;
        }
        int n = 0;
        for (ParquetSchema.Node c : node.children()) {
            n += leafCount(c);
        }
        return n;
    }

    private static String keyString(Object key) {
        if (key instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(key);
    }
}
