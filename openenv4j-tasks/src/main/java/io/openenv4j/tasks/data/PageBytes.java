package io.openenv4j.tasks.data;

/** A bounded read position over a decoded page buffer; every read past the end is a format error. */
final class PageBytes {

    final byte[] buf;
    int pos;
    final int end;
    private final String where;

    PageBytes(byte[] buf, int pos, int end, String where) {
        if (pos < 0 || end > buf.length || pos > end) {
            throw new DataFormatException(where + ": page section out of bounds");
        }
        this.buf = buf;
        this.pos = pos;
        this.end = end;
        this.where = where;
    }

    String where() {
        return where;
    }

    int remaining() {
        return end - pos;
    }

    void need(long n) {
        if (n < 0 || n > end - pos) {
            throw new DataFormatException(
                    where + ": page data is truncated (needed " + n + " bytes, " + (end - pos) + " left)");
        }
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    int i32le() {
        need(4);
        int v = (buf[pos] & 0xff)
                | (buf[pos + 1] & 0xff) << 8
                | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long i64le() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    long uvarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new DataFormatException(where + ": malformed varint");
    }

    long zigzagVarint() {
        long n = uvarint();
        return (n >>> 1) ^ -(n & 1);
    }

    byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A sub-reader over the next {@code n} bytes, advancing this one past them. */
    PageBytes slice(long n) {
        need(n);
        PageBytes s = new PageBytes(buf, pos, pos + (int) n, where);
        pos += (int) n;
        return s;
    }

    /**
     * Decodes {@code count} values of the RLE / bit-packed hybrid encoding (no length prefix) with the given
     * bit width, as used for levels, dictionary indices and RLE booleans.
     */
    int[] hybrid(int bitWidth, int count) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new DataFormatException(where + ": invalid bit width " + bitWidth);
        }
        int[] out = new int[count];
        int n = 0;
        int byteWidth = (bitWidth + 7) / 8;
        while (n < count) {
            long header = uvarint();
            if ((header & 1) == 0) {
                long run = header >>> 1;
                int value = 0;
                need(byteWidth);
                for (int i = 0; i < byteWidth; i++) {
                    value |= (buf[pos++] & 0xff) << (8 * i);
                }
                if (run <= 0) {
                    throw new DataFormatException(where + ": empty RLE run");
                }
                int take = (int) Math.min(run, count - n);
                java.util.Arrays.fill(out, n, n + take, value);
                n += take;
            } else {
                long values = (header >>> 1) * 8;
                long bytes = (header >>> 1) * bitWidth;
                need(bytes);
                int take = (int) Math.min(values, count - n);
                unpack(buf, pos, bitWidth, out, n, take);
                pos += (int) bytes;
                n += take;
            }
        }
        return out;
    }

    /** Little-endian bit unpacking (LSB first), shared by the hybrid and delta encodings. */
    static void unpack(byte[] src, int offset, int bitWidth, int[] out, int outOffset, int count) {
        if (bitWidth == 0) {
            java.util.Arrays.fill(out, outOffset, outOffset + count, 0);
            return;
        }
        long mask = (1L << bitWidth) - 1;
        long bitPos = (long) offset * 8;
        for (int i = 0; i < count; i++) {
            long v = 0;
            int got = 0;
            while (got < bitWidth) {
                int byteIndex = (int) (bitPos >>> 3);
                int bitInByte = (int) (bitPos & 7);
                int take = Math.min(8 - bitInByte, bitWidth - got);
                long bits = ((src[byteIndex] & 0xff) >>> bitInByte) & ((1 << take) - 1);
                v |= bits << got;
                got += take;
                bitPos += take;
            }
            out[outOffset + i] = (int) (v & mask);
        }
    }

    /** Unpacks up to 64-bit wide values (DELTA_BINARY_PACKED deltas of INT64 columns). */
    static long unpackLong(byte[] src, long bitPos, int bitWidth) {
        long v = 0;
        int got = 0;
        while (got < bitWidth) {
            int byteIndex = (int) (bitPos >>> 3);
            int bitInByte = (int) (bitPos & 7);
            int take = Math.min(8 - bitInByte, bitWidth - got);
            long bits = ((src[byteIndex] & 0xffL) >>> bitInByte) & ((1L << take) - 1);
            v |= bits << got;
            got += take;
            bitPos += take;
        }
        return v;
    }
}
