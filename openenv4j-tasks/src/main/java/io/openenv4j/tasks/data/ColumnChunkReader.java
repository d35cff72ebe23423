package io.openenv4j.tasks.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads the pages of one column chunk lazily, one page in memory at a time, and hands out (repetition level,
 * definition level, value) triplets. Not thread-safe; owned by one cursor.
 */
final class ColumnChunkReader {

    private static final String[] ENCODINGS = {
        "PLAIN",
        "GROUP_VAR_INT",
        "PLAIN_DICTIONARY",
        "RLE",
        "BIT_PACKED",
        "DELTA_BINARY_PACKED",
        "DELTA_LENGTH_BYTE_ARRAY",
        "DELTA_BYTE_ARRAY",
        "RLE_DICTIONARY",
        "BYTE_STREAM_SPLIT"
    };

    /** Bounds that keep a corrupt header from allocating gigabytes; real writers stay far below them. */
    private static final int MAX_PAGE_BYTES = 1 << 30;

    private static final int MAX_PAGE_VALUES = 1 << 24;

    private final FileChannel channel;
    private final ParquetSchema.Leaf leaf;
    private final ParquetMetadata.ColumnChunk chunk;
    private final String where;
    private long offset;
    private final long chunkEnd;
    private long valuesLeft;
    private Object[] dictionary;

    private int[] rep;
    private int[] def;
    private Object[] values;
    private int levelIndex;
    private int valueIndex;
    private int pageCount;
    private int pagesRead;

    ColumnChunkReader(
            FileChannel channel,
            String file,
            ParquetSchema.Leaf leaf,
            ParquetMetadata.ColumnChunk chunk,
            long fileSize) {
        this.channel = channel;
        this.leaf = leaf;
        this.chunk = chunk;
        this.where = file + ": column " + leaf.path();
        this.offset = chunk.start();
        this.chunkEnd = chunk.start() + chunk.compressedSize();
        this.valuesLeft = chunk.numValues();
        if (chunk.start() < 4 || chunk.compressedSize() < 0 || chunkEnd > fileSize - 8) {
            throw new DataFormatException(where + ": column chunk lies outside the file (truncated file?)");
        }
        PageCodec.checkSupported(chunk.codec(), where);
    }

    /** Pages read so far, dictionary pages included. */
    int pagesRead() {
        return pagesRead;
    }

    /** True when every value of the chunk has been read. */
    boolean atEnd() throws IOException {
        return !ensurePage();
    }

    /**
     * Checks that the chunk is used up after the row group's {@code rows} rows: no triplet left in the current
     * page and no values announced for later pages.
     */
    void requireEnd(long rows, int group) throws IOException {
        if (!atEnd()) {
            throw new DataFormatException(where + ": row group " + group + " claims " + rows
                    + " rows but the column chunk holds more values (" + chunk.numValues()
                    + " announced; corrupt file?)");
        }
    }

    /** The repetition level of the next triplet (0 starts a new row). */
    int peekRep() throws IOException {
        if (!ensurePage()) {
            return 0;
        }
        return rep == null ? 0 : rep[levelIndex];
    }

    /** Reads the triplets of the next row into {@code out} (cleared first). */
    void readRow(Triplets out) throws IOException {
        out.clear();
        if (!ensurePage()) {
            throw new DataFormatException(where + ": column chunk holds fewer rows than the row group's row count ("
                    + chunk.numValues() + " values announced)");
        }
        do {
            int d = def == null ? leaf.maxDef() : def[levelIndex];
            int r = rep == null ? 0 : rep[levelIndex];
            Object v = null;
            if (d == leaf.maxDef()) {
                if (valueIndex >= values.length) {
                    throw new DataFormatException(where + ": page holds fewer values than its levels announce");
                }
                v = values[valueIndex++];
            }
            levelIndex++;
            out.add(r, d, v);
        } while (ensurePage() && rep != null && rep[levelIndex] > 0);
    }

    private boolean ensurePage() throws IOException {
        while (levelIndex >= pageCount) {
            if (valuesLeft <= 0) {
                return false;
            }
            readPage();
        }
        return true;
    }

    private void readPage() throws IOException {
        if (offset >= chunkEnd) {
            throw new DataFormatException(
                    where + ": column chunk ends before all " + chunk.numValues() + " values were read");
        }
        ThriftStruct header = null;
        int headerLength = 0;
        for (int window = 1024; header == null; window *= 4) {
            int size = (int) Math.min(window, chunkEnd - offset);
            byte[] bytes = readFully(offset, size);
            ThriftStruct.Reader reader = new ThriftStruct.Reader(bytes, 0, size, where);
            try {
                header = reader.readStruct();
                headerLength = reader.position();
            } catch (DataFormatException e) {
                if (size == chunkEnd - offset) {
                    throw new DataFormatException(where + ": bad page header: " + e.getMessage(), e);
                }
            }
        }
        int type = header.i32(1, "page type");
        int uncompressed = header.i32(2, "uncompressed_page_size");
        int compressed = header.i32(3, "compressed_page_size");
        if (uncompressed < 0 || uncompressed > MAX_PAGE_BYTES) {
            throw new DataFormatException(where + ": page size " + uncompressed + " is out of range (corrupt file?)");
        }
        long dataStart = offset + headerLength;
        if (compressed < 0 || dataStart + compressed > chunkEnd) {
            throw new DataFormatException(where + ": page runs past the end of its column chunk (truncated file?)");
        }
        byte[] raw = readFully(dataStart, compressed);
        offset = dataStart + compressed;
        pagesRead++;
        switch (type) {
            case 2 -> {
                ThriftStruct d = require(header.struct(7), "dictionary_page_header");
                byte[] data = PageCodec.decompress(chunk.codec(), raw, uncompressed, where);
                int n = d.i32(1, "num_values");
                int enc = d.i32(2, "encoding");
                if (n < 0 || n > MAX_PAGE_VALUES) {
                    throw new DataFormatException(where + ": dictionary of " + n + " values is out of range");
                }
                if (enc != 0 && enc != 2) {
                    throw unsupported(enc, "dictionary page");
                }
                dictionary = ValueDecoder.plain(new PageBytes(data, 0, data.length, where), leaf.node(), n);
            }
            case 0 -> {
                ThriftStruct d = require(header.struct(5), "data_page_header");
                byte[] data = PageCodec.decompress(chunk.codec(), raw, uncompressed, where);
                PageBytes in = new PageBytes(data, 0, data.length, where);
                int n = checkCount(d.i32(1, "num_values"));
                rep = leaf.maxRep() > 0 ? levelsV1(in, d.i32(4, 3), leaf.maxRep(), n) : null;
                def = leaf.maxDef() > 0 ? levelsV1(in, d.i32(3, 3), leaf.maxDef(), n) : null;
                startPage(in, d.i32(2, "encoding"), n);
            }
            case 3 -> {
                ThriftStruct d = require(header.struct(8), "data_page_header_v2");
                int n = checkCount(d.i32(1, "num_values"));
                int defLength = d.i32(5, "definition_levels_byte_length");
                int repLength = d.i32(6, "repetition_levels_byte_length");
                if (defLength < 0 || repLength < 0 || (long) defLength + repLength > raw.length) {
                    throw new DataFormatException(where + ": level lengths exceed the page");
                }
                PageBytes levels = new PageBytes(raw, 0, repLength + defLength, where);
                rep = leaf.maxRep() > 0 ? levels.slice(repLength).hybrid(bitWidth(leaf.maxRep()), n) : null;
                if (leaf.maxRep() == 0) {
                    levels.slice(repLength);
                }
                def = leaf.maxDef() > 0 ? levels.slice(defLength).hybrid(bitWidth(leaf.maxDef()), n) : null;
                byte[] body = java.util.Arrays.copyOfRange(raw, repLength + defLength, raw.length);
                boolean isCompressed = d.bool(7, true);
                byte[] data = isCompressed
                        ? PageCodec.decompress(chunk.codec(), body, uncompressed - repLength - defLength, where)
                        : body;
                startPage(new PageBytes(data, 0, data.length, where), d.i32(4, "encoding"), n);
            }
            default -> {
                // index pages and unknown page kinds carry no values: skip them
            }
        }
    }

    private void startPage(PageBytes in, int encoding, int n) {
        if (n < 0 || n > valuesLeft || n > MAX_PAGE_VALUES) {
            throw new DataFormatException(
                    where + ": page announces " + n + " values, chunk has " + valuesLeft + " left");
        }
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (def == null || def[i] == leaf.maxDef()) {
                present++;
            }
        }
        values = switch (encoding) {
            case 0 -> ValueDecoder.plain(in, leaf.node(), present);
            case 2, 8 -> {
                if (dictionary == null) {
                    throw new DataFormatException(where + ": dictionary-encoded page without a dictionary page");
                }
                int width = in.u8();
                int[] idx = in.hybrid(width, present);
                Object[] out = new Object[present];
                for (int i = 0; i < present; i++) {
                    if (idx[i] < 0 || idx[i] >= dictionary.length) {
                        throw new DataFormatException(where + ": dictionary index " + idx[i] + " out of range");
                    }
                    out[i] = dictionary[idx[i]];
                }
                yield out;
            }
            case 3 -> {
                if (leaf.node().physical() != ParquetMetadata.Physical.BOOLEAN) {
                    throw unsupported(encoding, leaf.node().physical() + " values");
                }
                PageBytes body = in.slice(in.i32le());
                int[] bits = body.hybrid(1, present);
                Object[] out = new Object[present];
                for (int i = 0; i < present; i++) {
                    out[i] = bits[i] != 0;
                }
                yield out;
            }
            case 5 -> ValueDecoder.deltaBinaryPacked(in, leaf.node(), present);
            case 6 -> ValueDecoder.deltaLengthByteArray(in, leaf.node(), present);
            case 7 -> ValueDecoder.deltaByteArray(in, leaf.node(), present);
            case 9 -> ValueDecoder.byteStreamSplit(in, leaf.node(), present);
            default -> throw unsupported(encoding, "data page");
        };
        valuesLeft -= n;
        pageCount = n;
        levelIndex = 0;
        valueIndex = 0;
    }

    private int checkCount(int n) {
        if (n < 0 || n > valuesLeft || n > MAX_PAGE_VALUES) {
            throw new DataFormatException(
                    where + ": page announces " + n + " values, chunk has " + valuesLeft + " left");
        }
        return n;
    }

    private int[] levelsV1(PageBytes in, int encoding, int max, int n) {
        if (encoding != 3) {
            throw unsupported(encoding, "levels");
        }
        return in.slice(Integer.toUnsignedLong(in.i32le())).hybrid(bitWidth(max), n);
    }

    private DataFormatException unsupported(int encoding, String what) {
        String name = encoding >= 0 && encoding < ENCODINGS.length ? ENCODINGS[encoding] : "encoding #" + encoding;
        return new DataFormatException(where + ": unsupported encoding " + name + " for " + what);
    }

    private ThriftStruct require(ThriftStruct s, String name) {
        if (s == null) {
            throw new DataFormatException(where + ": page header lacks " + name);
        }
        return s;
    }

    private static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    private byte[] readFully(long position, int size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(size);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                throw new DataFormatException(where + ": file ends inside a page (truncated file)");
            }
        }
        return buf.array();
    }

    /** The growable triplet buffer of one column for one row. */
    static final class Triplets {
        int size;
        int[] rep = new int[8];
        int[] def = new int[8];
        Object[] value = new Object[8];

        void clear() {
            size = 0;
        }

        void add(int r, int d, Object v) {
            if (size == rep.length) {
                rep = java.util.Arrays.copyOf(rep, size * 2);
                def = java.util.Arrays.copyOf(def, size * 2);
                value = java.util.Arrays.copyOf(value, size * 2);
            }
            rep[size] = r;
            def[size] = d;
            value[size] = v;
            size++;
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
