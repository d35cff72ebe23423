package io.openenv4j.tasks.data;

/**
 * Decodes the non-null values of a page: first to their physical values (BOOLEAN to {@code Boolean}, INT32
 * and INT64 to {@code Long}, FLOAT and DOUBLE to {@code Double}, byte arrays and INT96 to {@code byte[]}),
 * then through the column's {@link LogicalType} to the JSON value a Python user sees.
 */
final class ValueDecoder {

    private ValueDecoder() {}

    static Object[] plain(PageBytes in, ParquetSchema.Node node, int n) {
        String where = in.where();
        return finish(node, plainPhysical(in, node, n), where);
    }

    private static Object[] finish(ParquetSchema.Node node, Object[] values, String where) {
        node.logical().apply(values, values.length, where);
        return values;
    }

    private static Object[] plainPhysical(PageBytes in, ParquetSchema.Node node, int n) {
        Object[] out = new Object[n];
        switch (node.physical()) {
            case BOOLEAN -> {
                in.need((n + 7L) / 8);
                for (int i = 0; i < n; i++) {
                    out[i] = ((in.buf[in.pos + (i >>> 3)] >>> (i & 7)) & 1) != 0;
                }
                in.pos += (n + 7) / 8;
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (long) in.i32le();
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in.i64le();
                }
            }
            case FLOAT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (double) Float.intBitsToFloat(in.i32le());
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Double.longBitsToDouble(in.i64le());
                }
            }
            case BYTE_ARRAY -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in.bytes(checkedLength(in, in.i32le()));
                }
            }
            case FIXED_LEN_BYTE_ARRAY, INT96 -> {
                int width = node.physical() == ParquetMetadata.Physical.INT96 ? 12 : node.typeLength();
                if (width < 0) {
                    throw new DataFormatException(in.where() + ": negative fixed length");
                }
                for (int i = 0; i < n; i++) {
                    out[i] = in.bytes(width);
                }
            }
        }
        return out;
    }

    static Object[] deltaBinaryPacked(PageBytes in, ParquetSchema.Node node, int n) {
        if (node.physical() != ParquetMetadata.Physical.INT32 && node.physical() != ParquetMetadata.Physical.INT64) {
            throw new DataFormatException(in.where() + ": DELTA_BINARY_PACKED on " + node.physical() + " values");
        }
        long[] raw = deltas(in, n);
        Object[] out = new Object[n];
        boolean int32 = node.physical() == ParquetMetadata.Physical.INT32;
        for (int i = 0; i < n; i++) {
            out[i] = int32 ? (long) (int) raw[i] : raw[i];
        }
        return finish(node, out, in.where());
    }

    /** DELTA_BINARY_PACKED: a header, then blocks of miniblocks of bit-packed deltas from a per-block minimum. */
    static long[] deltas(PageBytes in, int expected) {
        long blockSize = in.uvarint();
        long miniblocks = in.uvarint();
        long total = in.uvarint();
        long value = in.zigzagVarint();
        if (blockSize <= 0
                || blockSize % 128 != 0
                || miniblocks <= 0
                || blockSize % miniblocks != 0
                || (blockSize / miniblocks) % 32 != 0
                || total < 0
                || total > Integer.MAX_VALUE) {
            throw new DataFormatException(in.where() + ": bad DELTA_BINARY_PACKED header");
        }
        if (total < expected) {
            throw new DataFormatException(
                    in.where() + ": DELTA_BINARY_PACKED holds " + total + " values, page needs " + expected);
        }
        long[] out = new long[(int) total];
        int perMiniblock = (int) (blockSize / miniblocks);
        int count = 0;
        if (total > 0) {
            out[count++] = value;
        }
        while (count < total) {
            long minDelta = in.zigzagVarint();
            int[] widths = new int[(int) miniblocks];
            for (int m = 0; m < miniblocks; m++) {
                widths[m] = in.u8();
                if (widths[m] > 64) {
                    throw new DataFormatException(in.where() + ": bad DELTA_BINARY_PACKED bit width " + widths[m]);
                }
            }
            for (int m = 0; m < miniblocks && count < total; m++) {
                long bytes = (long) widths[m] * perMiniblock / 8;
                in.need(bytes);
                long bitPos = (long) in.pos * 8;
                for (int i = 0; i < perMiniblock && count < total; i++) {
                    long delta = PageBytes.unpackLong(in.buf, bitPos, widths[m]);
                    bitPos += widths[m];
                    value += minDelta + delta;
                    out[count++] = value;
                }
                in.pos += (int) bytes;
            }
        }
        return out;
    }

    static Object[] deltaLengthByteArray(PageBytes in, ParquetSchema.Node node, int n) {
        requireBinary(in, node, "DELTA_LENGTH_BYTE_ARRAY");
        long[] lengths = deltas(in, n);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.bytes(checkedLength(in, lengths[i]));
        }
        return finish(node, out, in.where());
    }

    static Object[] deltaByteArray(PageBytes in, ParquetSchema.Node node, int n) {
        requireBinary(in, node, "DELTA_BYTE_ARRAY");
        long[] prefixes = deltas(in, n);
        long[] suffixLengths = deltas(in, n);
        Object[] out = new Object[n];
        byte[] previous = new byte[0];
        for (int i = 0; i < n; i++) {
            long prefixLength = prefixes[i];
            int prefix = (int) prefixLength;
            if (prefixLength < 0 || prefixLength > previous.length) {
                throw new DataFormatException(in.where() + ": DELTA_BYTE_ARRAY prefix longer than the previous value");
            }
            byte[] suffix = in.bytes(checkedLength(in, suffixLengths[i]));
            byte[] value = new byte[prefix + suffix.length];
            System.arraycopy(previous, 0, value, 0, prefix);
            System.arraycopy(suffix, 0, value, prefix, suffix.length);
            previous = value;
            out[i] = value;
        }
        return finish(node, out, in.where());
    }

    static Object[] byteStreamSplit(PageBytes in, ParquetSchema.Node node, int n) {
        int width = switch (node.physical()) {
            case FLOAT, INT32 -> 4;
            case DOUBLE, INT64 -> 8;
            case FIXED_LEN_BYTE_ARRAY -> node.typeLength();
            default -> throw new DataFormatException(in.where() + ": BYTE_STREAM_SPLIT on " + node.physical());
        };
        in.need((long) width * n);
        byte[] joined = new byte[width * n];
        for (int b = 0; b < width; b++) {
            for (int i = 0; i < n; i++) {
                joined[i * width + b] = in.buf[in.pos + b * n + i];
            }
        }
        in.pos += width * n;
        return plain(new PageBytes(joined, 0, joined.length, in.where()), node, n);
    }

    private static void requireBinary(PageBytes in, ParquetSchema.Node node, String encoding) {
        if (node.physical() != ParquetMetadata.Physical.BYTE_ARRAY) {
            throw new DataFormatException(in.where() + ": " + encoding + " on " + node.physical() + " values");
        }
    }

    private static int checkedLength(PageBytes in, long length) {
        if (length < 0 || length > in.remaining()) {
            throw new DataFormatException(in.where() + ": value length " + length + " runs past the page");
        }
        return (int) length;
    }
}
