package io.openenv4j.tasks.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Apache Parquet, read without Hadoop: the footer is decoded from the Thrift compact protocol and each column
 * chunk is read page by page, so memory holds one page per column, never a whole row group or file.
 *
 * <p>Supported: data pages v1 and v2, dictionary pages; PLAIN, RLE_DICTIONARY / PLAIN_DICTIONARY, RLE
 * (levels, booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT;
 * UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW and Hadoop LZ4; nullable columns, lists (3-level LIST and
 * legacy 2-level), maps (as JSON objects, keys turned to strings) and structs, nested in any combination.
 * Values are what a Python user sees (see {@link LogicalType}). Image and Audio columns (by the {@code datasets}
 * features in the footer) show their path and the SHA-256 and size of their bytes, never the bytes, unless the
 * file was opened with {@link RowFile#open(Path, boolean) RowFile.open(path, true)}.
 * Anything else fails with a {@link DataFormatException} naming the column and the encoding or codec.
 */
record ParquetFile(Path path, boolean mediaBytes) implements RowFile {

    /** A file whose Image and Audio columns show path and hash, never bytes. */
    ParquetFile(Path path) {
        this(path, false);
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FOOTER = 256 << 20;

    @Override
    public long rowCount() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return footer(ch).numRows();
        }
    }

    @Override
    public List<String> columns() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return footer(ch).root().children().stream()
                    .map(ParquetSchema.Node::name)
                    .toList();
        }
    }

    /** The {@code datasets} features written into the footer's {@code huggingface} metadata, if any. */
    @Override
    public DatasetFeatures features() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return features(footer(ch));
        }
    }

    private static DatasetFeatures features(ParquetMetadata meta) {
        String hf = meta.keyValues().get("huggingface");
        return hf == null ? DatasetFeatures.NONE : DatasetFeatures.fromHuggingfaceMetadata(hf);
    }

    @Override
    public RowCursor rows(long first) throws IOException {
        if (first < 0) {
            throw new IllegalArgumentException("first row must be >= 0, got " + first);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new Cursor(ch, footer(ch), first);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private ParquetMetadata footer(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 12) {
            throw new DataFormatException(path + ": not a Parquet file (only " + size + " bytes)");
        }
        ByteBuffer head = read(ch, 0, 4);
        ByteBuffer tail = read(ch, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        byte[] headMagic = head.array();
        byte[] tailMagic = java.util.Arrays.copyOfRange(tail.array(), 4, 8);
        if (!java.util.Arrays.equals(headMagic, MAGIC)) {
            throw new DataFormatException(path + ": not a Parquet file (bad magic at the start)");
        }
        if (!java.util.Arrays.equals(tailMagic, MAGIC)) {
            throw new DataFormatException(path + ": bad magic at the end (truncated or encrypted Parquet file?)");
        }
        long footerLength = Integer.toUnsignedLong(tail.getInt(0));
        if (footerLength > size - 12 || footerLength > MAX_FOOTER) {
            throw new DataFormatException(
                    path + ": footer length " + footerLength + " does not fit the file" + " (truncated file?)");
        }
        byte[] footer = read(ch, size - 8 - footerLength, (int) footerLength).array();
        ThriftStruct meta;
        try {
            meta = new ThriftStruct.Reader(footer, 0, footer.length, path.toString()).readStruct();
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException(path + ": corrupt footer (" + e + ")", e);
        }
        try {
            return ParquetMetadata.decode(meta, path.toString());
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException(path + ": corrupt footer (" + e + ")", e);
        }
    }

    private ByteBuffer read(FileChannel ch, long position, int size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(size);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new DataFormatException(path + ": unexpected end of file");
            }
        }
        return buf;
    }

    private final class Cursor implements RowCursor {
        private final FileChannel channel;
        private final ParquetMetadata meta;
        private final long fileSize;
        private int group = -1;
        private long rowsLeftInGroup;
        private ColumnChunkReader[] readers;
        private final ColumnChunkReader.Triplets[] triplets;
        private final DatasetFeatures features;

        Cursor(FileChannel channel, ParquetMetadata meta, long first) throws IOException {
            this.channel = channel;
            this.meta = meta;
            this.features = features(meta);
            this.fileSize = channel.size();
            this.triplets = new ColumnChunkReader.Triplets[meta.leaves().size()];
            for (int i = 0; i < triplets.length; i++) {
                triplets[i] = new ColumnChunkReader.Triplets();
            }
            long skip = first;
            int g = 0;
            while (g < meta.rowGroups().size()
                    && skip >= meta.rowGroups().get(g).numRows()) {
                skip -= meta.rowGroups().get(g).numRows();
                g++;
            }
            group = g - 1;
            if (g < meta.rowGroups().size()) {
                openGroup(g);
                for (long i = 0; i < skip; i++) {
                    readLevels();
                }
                rowsLeftInGroup -= skip;
            }
        }

        private void openGroup(int g) {
            group = g;
            ParquetMetadata.RowGroup rg = meta.rowGroups().get(g);
            readers = new ColumnChunkReader[meta.leaves().size()];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = new ColumnChunkReader(
                        channel,
                        path.toString(),
                        meta.leaves().get(i),
                        rg.columns().get(i),
                        fileSize);
            }
            rowsLeftInGroup = rg.numRows();
        }

        @Override
        public boolean hasNext() {
            while (rowsLeftInGroup <= 0) {
                finishGroup();
                if (group + 1 >= meta.rowGroups().size()) {
                    return false;
                }
                openGroup(group + 1);
            }
            return true;
        }

        /**
         * Once the row group's last row is read, every column chunk must be used up: values left over mean the
         * chunk holds more rows than the row group claims, which would otherwise vanish unread.
         */
        private void finishGroup() {
            if (readers == null) {
                return;
            }
            try {
                long rows = meta.rowGroups().get(group).numRows();
                guarded(() -> {
                    for (ColumnChunkReader reader : readers) {
                        reader.requireEnd(rows, group);
                    }
                });
            } finally {
                readers = null;
            }
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                readLevels();
                rowsLeftInGroup--;
                Map<String, Object> row = new LinkedHashMap<>();
                for (ParquetSchema.Node field : meta.root().children()) {
                    Object value = RowAssembly.field(field, triplets, path.toString());
                    row.put(
                            field.name(),
                            !mediaBytes && features.isMedia(field.name())
                                    ? DatasetFeatures.withoutBytes(value)
                                    : value);
                }
                return row;
            } catch (DataFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataFormatException(path + ": corrupt data in row group " + group + " (" + e + ")", e);
            }
        }

        private void readLevels() {
            guarded(() -> {
                for (int i = 0; i < readers.length; i++) {
                    readers[i].readRow(triplets[i]);
                }
            });
        }

        /** Runs a read of the column chunks, turning any failure into a DataFormatException naming the file. */
        private void guarded(ChunkRead read) {
            try {
                read.run();
            } catch (IOException e) {
                throw new DataFormatException(path + ": read failed: " + e.getMessage(), e);
            } catch (DataFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataFormatException(path + ": corrupt data in row group " + group + " (" + e + ")", e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private interface ChunkRead {
        void run() throws IOException;
    }

    static int firstLeaf(ParquetSchema.Node node) {
        ParquetSchema.Node n = node;
        while (!n.isLeaf()) {
            if (n.children().isEmpty()) {
                throw new DataFormatException("Parquet group " + node.name() + " has no columns");
            }
            n = n.children().get(0);
        }
        return n.leafIndex();
    }
}
