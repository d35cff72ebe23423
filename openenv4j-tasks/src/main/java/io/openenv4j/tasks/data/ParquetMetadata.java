package io.openenv4j.tasks.data;

import java.util.ArrayList;
import java.util.List;

/** The parts of a Parquet footer (FileMetaData) that the reader uses, decoded from the Thrift structs. */
record ParquetMetadata(
        long numRows,
        ParquetSchema.Node root,
        List<ParquetSchema.Leaf> leaves,
        List<RowGroup> rowGroups,
        java.util.Map<String, String> keyValues) {

    /** Physical types, in Thrift enum order. */
    enum Physical {
        BOOLEAN,
        INT32,
        INT64,
        INT96,
        FLOAT,
        DOUBLE,
        BYTE_ARRAY,
        FIXED_LEN_BYTE_ARRAY
    }

    record RowGroup(long numRows, List<ColumnChunk> columns) {}

    record ColumnChunk(List<String> path, int codec, long numValues, long start, long compressedSize) {}

    static ParquetMetadata decode(ThriftStruct file, String where) {
        List<ThriftStruct> elements = structs(file.list(2), where);
        if (elements.isEmpty()) {
            throw new DataFormatException(where + ": footer has no schema");
        }
        java.util.Map<String, String> keyValues = new java.util.LinkedHashMap<>();
        for (Object kv : file.list(5)) {
            if (kv instanceof ThriftStruct pair && pair.string(1) != null && pair.string(2) != null) {
                keyValues.put(pair.string(1), pair.string(2));
            }
        }
        java.util.Map<String, String> zones = keyValues.containsKey("ARROW:schema")
                ? ArrowSchemaZones.parse(keyValues.get("ARROW:schema"))
                : java.util.Map.of();
        ParquetSchema schema = ParquetSchema.build(elements, where, zones);
        List<RowGroup> groups = new ArrayList<>();
        for (ThriftStruct g : structs(file.list(4), where)) {
            List<ColumnChunk> chunks = new ArrayList<>();
            for (ThriftStruct c : structs(g.list(1), where)) {
                if (c.string(1) != null) {
                    throw new DataFormatException(where + ": column chunks in other files are not supported");
                }
                ThriftStruct m = c.struct(3);
                if (m == null) {
                    throw new DataFormatException(where + ": column chunk without metadata");
                }
                List<String> path = new ArrayList<>();
                for (Object p : m.list(3)) {
                    if (!(p instanceof byte[] name)) {
                        throw new DataFormatException(where + ": column path is not a list of strings");
                    }
                    path.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
                }
                long dataOffset = m.i64(9, "data_page_offset");
                long dictOffset = m.i64(11, -1);
                long start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
                long numValues = m.i64(5, "num_values");
                if (numValues < 0) {
                    throw new DataFormatException(where + ": row group " + groups.size() + ", column "
                            + String.join(".", path) + ": negative value count " + numValues);
                }
                chunks.add(new ColumnChunk(
                        List.copyOf(path), m.i32(4, "codec"), numValues, start, m.i64(7, "total_compressed_size")));
            }
            if (chunks.size() != schema.leaves().size()) {
                throw new DataFormatException(where + ": a row group has " + chunks.size() + " column chunks for "
                        + schema.leaves().size() + " columns");
            }
            long groupRows = g.i64(3, "num_rows");
            if (groupRows < 0) {
                throw new DataFormatException(
                        where + ": row group " + groups.size() + " has a negative row count " + groupRows);
            }
            groups.add(new RowGroup(groupRows, List.copyOf(chunks)));
        }
        long numRows = file.i64(3, "num_rows");
        long inGroups = 0;
        for (RowGroup g : groups) {
            inGroups += g.numRows();
            if (inGroups < 0) {
                throw new DataFormatException(where + ": the row groups' row counts overflow");
            }
        }
        if (numRows != inGroups) {
            // A reader trusting either number alone would lose rows silently or invent them.
            throw new DataFormatException(where + ": footer says " + numRows + " rows but its " + groups.size()
                    + " row group(s) hold " + inGroups + " (corrupt footer)");
        }
        return new ParquetMetadata(
                numRows, schema.root(), schema.leaves(), List.copyOf(groups), java.util.Map.copyOf(keyValues));
    }

    private static List<ThriftStruct> structs(List<?> items, String where) {
        List<ThriftStruct> out = new ArrayList<>(items.size());
        for (Object o : items) {
            if (!(o instanceof ThriftStruct s)) {
                throw new DataFormatException(where + ": Parquet metadata: expected a list of structs");
            }
            out.add(s);
        }
        return out;
    }
}
