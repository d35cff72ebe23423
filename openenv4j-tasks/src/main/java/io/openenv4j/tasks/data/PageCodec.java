package io.openenv4j.tasks.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Page decompression for the Parquet codecs: UNCOMPRESSED, SNAPPY and LZ4_RAW (decoded here; both block
 * formats are short and fully specified), GZIP (the JDK), ZSTD (zstd-jni), BROTLI (brotli4j), and the older
 * Hadoop-framed LZ4. LZO, which no maintained writer produces, is refused by name.
 */
final class PageCodec {

    private static final String[] NAMES = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};

    private PageCodec() {}

    static String name(int codec) {
        return codec >= 0 && codec < NAMES.length ? NAMES[codec] : "codec #" + codec;
    }

    static void checkSupported(int codec, String where) {
        if (codec == 3 || codec < 0 || codec > 7) {
            throw new DataFormatException(where + ": unsupported compression " + name(codec));
        }
    }

    static byte[] decompress(int codec, byte[] src, int uncompressedSize, String where) {
        if (uncompressedSize < 0) {
            throw new DataFormatException(where + ": negative uncompressed page size");
        }
        try {
            byte[] out = switch (codec) {
                case 0 -> src;
                case 1 -> snappy(src, where);
                case 2 -> gzip(src, uncompressedSize);
                case 4 -> brotli(src, where);
                case 5 -> hadoopLz4(src, uncompressedSize, where);
                case 6 -> zstd(src, uncompressedSize);
                case 7 -> lz4Block(src, 0, src.length, uncompressedSize, where);
                default -> throw new DataFormatException(where + ": unsupported compression " + name(codec));
            };
            if (out.length != uncompressedSize) {
                throw new DataFormatException(where + ": " + name(codec) + " page decompressed to " + out.length
                        + " bytes, header says " + uncompressedSize);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFormatException d) {
                throw d;
            }
            throw new DataFormatException(where + ": corrupt " + name(codec) + " page: " + e.getMessage(), e);
        }
    }

    private static byte[] gzip(byte[] src, int size) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src))) {
            byte[] out = in.readNBytes(size);
            if (in.read() != -1) {
                throw new IOException("more data than the header's uncompressed size");
            }
            return out;
        }
    }

    private static byte[] zstd(byte[] src, int size) {
        try {
            return com.github.luben.zstd.Zstd.decompress(src, size);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new DataFormatException("ZSTD pages need the zstd-jni native library, which failed to load: " + e, e);
        }
    }

    private static byte[] brotli(byte[] src, String where) throws IOException {
        try {
            com.aayushatharva.brotli4j.Brotli4jLoader.ensureAvailability();
        } catch (UnsatisfiedLinkError | RuntimeException | NoClassDefFoundError e) {
            throw new DataFormatException(
                    "BROTLI pages need the brotli4j native library, which failed to load on "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e,
                    e);
        }
        var result = com.aayushatharva.brotli4j.decoder.Decoder.decompress(src);
        if (result.getResultStatus() != com.aayushatharva.brotli4j.decoder.DecoderJNI.Status.DONE) {
            throw new DataFormatException(where + ": corrupt BROTLI page (" + result.getResultStatus() + ")");
        }
        return result.getDecompressedData();
    }

    static byte[] snappy(byte[] src, String where) {
        PageBytes in = new PageBytes(src, 0, src.length, where);
        long length = in.uvarint();
        if (length > Integer.MAX_VALUE - 16) {
            throw new DataFormatException(where + ": SNAPPY length too large");
        }
        byte[] out = new byte[(int) length];
        int o = 0;
        while (in.remaining() > 0) {
            int tag = in.u8();
            int kind = tag & 3;
            if (kind == 0) {
                int len = tag >>> 2;
                if (len >= 60) {
                    int extra = len - 59;
                    len = 0;
                    for (int i = 0; i < extra; i++) {
                        len |= in.u8() << (8 * i);
                    }
                }
                len += 1;
                in.need(len);
                if (len < 0 || o + len > out.length) {
                    throw new DataFormatException(where + ": SNAPPY literal overruns the output");
                }
                System.arraycopy(src, in.pos, out, o, len);
                in.pos += len;
                o += len;
                continue;
            }
            int len;
            int offset;
            if (kind == 1) {
                len = ((tag >>> 2) & 7) + 4;
                offset = ((tag >>> 5) << 8) | in.u8();
            } else if (kind == 2) {
                len = (tag >>> 2) + 1;
                offset = in.u8() | in.u8() << 8;
            } else {
                len = (tag >>> 2) + 1;
                offset = in.i32le();
            }
            o = copyMatch(out, o, offset, len, where);
        }
        if (o != out.length) {
            throw new DataFormatException(where + ": SNAPPY data ends early");
        }
        return out;
    }

    private static int copyMatch(byte[] out, int o, int offset, int len, String where) {
        if (offset <= 0 || offset > o || o + len > out.length) {
            throw new DataFormatException(where + ": corrupt back-reference in compressed page");
        }
        if (offset >= len) {
            System.arraycopy(out, o - offset, out, o, len);
        } else {
            // an overlapping match repeats the last `offset` bytes: copy in doubling runs
            int copied = 0;
            while (copied < len) {
                int run = Math.min(offset + copied, len - copied);
                System.arraycopy(out, o - offset, out, o + copied, run);
                copied += run;
            }
        }
        return o + len;
    }

    static byte[] lz4Block(byte[] src, int start, int end, int size, String where) {
        byte[] out = new byte[size];
        int o = lz4Into(src, start, end, out, 0, where);
        if (o != size) {
            throw new DataFormatException(where + ": LZ4 data decompressed to " + o + " bytes, expected " + size);
        }
        return out;
    }

    private static int lz4Into(byte[] src, int start, int end, byte[] out, int o, String where) {
        PageBytes in = new PageBytes(src, start, end, where);
        while (in.remaining() > 0) {
            int token = in.u8();
            int lit = token >>> 4;
            if (lit == 15) {
                for (int b = 255; b == 255; ) {
                    b = in.u8();
                    lit += b;
                }
            }
            in.need(lit);
            if (o + lit > out.length) {
                throw new DataFormatException(where + ": LZ4 literal overruns the output");
            }
            System.arraycopy(src, in.pos, out, o, lit);
            in.pos += lit;
            o += lit;
            if (in.remaining() == 0) {
                break;
            }
            int offset = in.u8() | in.u8() << 8;
            int len = token & 15;
            if (len == 15) {
                for (int b = 255; b == 255; ) {
                    b = in.u8();
                    len += b;
                }
            }
            o = copyMatch(out, o, offset, len + 4, where);
        }
        return o;
    }

    /** Hadoop's LZ4 framing: blocks of (big-endian uncompressed size, compressed size, raw LZ4 block). */
    private static byte[] hadoopLz4(byte[] src, int size, String where) {
        byte[] out = new byte[size];
        int o = 0;
        int p = 0;
        try {
            while (p < src.length) {
                int raw = readBigEndian(src, p);
                int compressed = readBigEndian(src, p + 4);
                p += 8;
                if (compressed < 0 || p + compressed > src.length || raw < 0 || o + raw > size) {
                    throw new DataFormatException(where + ": bad Hadoop LZ4 frame");
                }
                int end = lz4Into(src, p, p + compressed, out, o, where);
                if (end != o + raw) {
                    throw new DataFormatException(where + ": bad Hadoop LZ4 frame");
                }
                o = end;
                p += compressed;
            }
            return out;
        } catch (DataFormatException | ArrayIndexOutOfBoundsException e) {
            return lz4Block(src, 0, src.length, size, where);
        }
    }

    private static int readBigEndian(byte[] b, int p) {
        if (p + 4 > b.length) {
            throw new DataFormatException("truncated LZ4 frame");
        }
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
