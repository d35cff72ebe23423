package io.openenv4j.tasks.data;

import java.util.ArrayList;
import java.util.List;

/** The schema tree of a Parquet file and its leaf columns with their maximum definition/repetition levels. */
record ParquetSchema(Node root, List<Leaf> leaves) {

    enum Repetition {
        REQUIRED,
        OPTIONAL,
        REPEATED
    }

    /** Converted-type / logical-type annotations the reader acts on. */
    enum Annotation {
        NONE,
        STRING,
        LIST,
        MAP
    }

    /**
     * One schema node. {@code defLevel}/{@code repLevel} count the optional/repeated nodes from the root's
     * child down to this node inclusive; {@code physical} is null for groups.
     */
    record Node(
            String name,
            Repetition repetition,
            ParquetMetadata.Physical physical,
            int typeLength,
            Annotation annotation,
            LogicalType logical,
            int defLevel,
            int repLevel,
            List<Node> children,
            int leafIndex) {

        boolean isLeaf() {
            return physical != null;
        }
    }

    /** A leaf column: its dotted path, node and maximum levels. */
    record Leaf(String path, Node node, int maxDef, int maxRep) {}

    static ParquetSchema build(List<ThriftStruct> elements, String where) {
        return build(elements, where, java.util.Map.of());
    }

    /** {@code zones}: the Arrow schema's time zone per dotted field path (see {@link ArrowSchemaZones}). */
    static ParquetSchema build(List<ThriftStruct> elements, String where, java.util.Map<String, String> zones) {
        int[] cursor = {1};
        List<Leaf> leaves = new ArrayList<>();
        ThriftStruct rootElement = elements.get(0);
        int rootChildren = rootElement.i32(5, 0);
        List<Node> children = new ArrayList<>();
        for (int i = 0; i < rootChildren; i++) {
            children.add(node(elements, cursor, 0, 0, "", leaves, where, zones));
        }
        if (cursor[0] != elements.size()) {
            throw new DataFormatException(
                    where + ": schema has " + elements.size() + " elements but the tree uses " + cursor[0]);
        }
        Node root = new Node(
                nameOf(rootElement),
                Repetition.REQUIRED,
                null,
                0,
                Annotation.NONE,
                LogicalType.NONE,
                0,
                0,
                List.copyOf(children),
                -1);
        return new ParquetSchema(root, List.copyOf(leaves));
    }

    private static Node node(
            List<ThriftStruct> elements,
            int[] cursor,
            int parentDef,
            int parentRep,
            String prefix,
            List<Leaf> leaves,
            String where,
            java.util.Map<String, String> zones) {
        if (cursor[0] >= elements.size()) {
            throw new DataFormatException(where + ": schema tree is truncated");
        }
        ThriftStruct e = elements.get(cursor[0]++);
        String name = nameOf(e);
        int rep = e.i32(3, 0);
        if (rep < 0 || rep > 2) {
            throw new DataFormatException(where + ": column " + prefix + name + " has invalid repetition " + rep);
        }
        Repetition repetition = Repetition.values()[rep];
        int def = parentDef + (repetition == Repetition.REQUIRED ? 0 : 1);
        int repLevel = parentRep + (repetition == Repetition.REPEATED ? 1 : 0);
        Annotation annotation = annotation(e);
        String path = prefix + name;
        if (e.has(1) && !e.has(5) || e.has(1) && e.i32(5, 0) == 0) {
            int type = e.i32(1, "type");
            if (type < 0 || type >= ParquetMetadata.Physical.values().length) {
                throw new DataFormatException(where + ": column " + path + " has unknown physical type " + type);
            }
            ParquetMetadata.Physical physical = ParquetMetadata.Physical.values()[type];
            Node leaf = new Node(
                    name,
                    repetition,
                    physical,
                    e.i32(2, 0),
                    annotation,
                    LogicalType.of(e, physical, zones.get(path)),
                    def,
                    repLevel,
                    List.of(),
                    leaves.size());
            leaves.add(new Leaf(path, leaf, def, repLevel));
            return leaf;
        }
        int count = e.i32(5, 0);
        List<Node> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(node(elements, cursor, def, repLevel, path + ".", leaves, where, zones));
        }
        return new Node(
                name, repetition, null, 0, annotation, LogicalType.NONE, def, repLevel, List.copyOf(children), -1);
    }

    private static String nameOf(ThriftStruct e) {
        String name = e.string(4);
        return name == null ? "" : name;
    }

    private static Annotation annotation(ThriftStruct e) {
        ThriftStruct logical = e.struct(10);
        if (logical != null) {
            if (logical.has(1) || logical.has(4) || logical.has(12)) {
                return Annotation.STRING;
            }
            if (logical.has(3)) {
                return Annotation.LIST;
            }
            if (logical.has(2)) {
                return Annotation.MAP;
            }
        }
        return switch (e.i32(6, -1)) {
            case 0, 4, 19 -> Annotation.STRING;
            case 1, 2 -> Annotation.MAP;
            case 3 -> Annotation.LIST;
            default -> Annotation.NONE;
        };
    }
}
