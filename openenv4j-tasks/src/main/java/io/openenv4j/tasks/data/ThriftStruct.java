package io.openenv4j.tasks.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One struct decoded from the Thrift compact protocol, kept generic (field id to value) because the Parquet
 * footer only needs a handful of fields and must skip the rest, including fields added by newer writers.
 * Values are {@code Boolean}, {@code Long} (every integer width), {@code Double}, {@code byte[]},
 * {@code List} or {@code ThriftStruct}; maps are skipped.
 */
final class ThriftStruct {

    private final Map<Integer, Object> fields;
    private final String where;

    private ThriftStruct(Map<Integer, Object> fields, String where) {
        this.fields = fields;
        this.where = where;
    }

    boolean has(int id) {
        return fields.containsKey(id);
    }

    long i64(int id, String name) {
        Object v = fields.get(id);
        if (v instanceof Long l) {
            return l;
        }
        throw new DataFormatException(where + ": Parquet metadata field " + name + " missing or not an integer");
    }

    long i64(int id, long fallback) {
        return fields.get(id) instanceof Long l ? l : fallback;
    }

    int i32(int id, String name) {
        return Math.toIntExact(i64(id, name));
    }

    int i32(int id, int fallback) {
        return Math.toIntExact(i64(id, fallback));
    }

    boolean bool(int id, boolean fallback) {
        return fields.get(id) instanceof Boolean b ? b : fallback;
    }

    String string(int id) {
        return fields.get(id) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    ThriftStruct struct(int id) {
        return fields.get(id) instanceof ThriftStruct s ? s : null;
    }

    List<?> list(int id) {
        return fields.get(id) instanceof List<?> l ? l : List.of();
    }

    /** Cursor over a byte array holding compact-protocol data. */
    static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final byte[] buf;
        private int pos;
        private final int end;
        private final String where;

        Reader(byte[] buf, int offset, int end, String where) {
            this.where = where;
            this.buf = buf;
            this.pos = offset;
            this.end = end;
        }

        int position() {
            return pos;
        }

        ThriftStruct readStruct() {
            return readStruct(0);
        }

        private ThriftStruct readStruct(int depth) {
            if (depth > MAX_DEPTH) {
                throw new DataFormatException(where + ": Parquet metadata nests too deeply");
            }
            Map<Integer, Object> fields = new HashMap<>();
            int lastId = 0;
            while (true) {
                int header = readByte() & 0xff;
                int type = header & 0x0f;
                if (type == 0) {
                    return new ThriftStruct(fields, where);
                }
                int delta = header >>> 4;
                int id = delta != 0 ? lastId + delta : (int) zigzag(readVarint());
                lastId = id;
                Object value = switch (type) {
                    case 1 -> Boolean.TRUE;
                    case 2 -> Boolean.FALSE;
                    default -> readValue(type, depth);
                };
                fields.put(id, value);
            }
        }

        private Object readValue(int type, int depth) {
            return switch (type) {
                case 1, 2 -> (readByte() & 0xff) == 1;
                case 3 -> (long) readByte();
                case 4, 5, 6 -> zigzag(readVarint());
                case 7 -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits |= (readByte() & 0xffL) << (8 * i);
                    }
                    yield Double.longBitsToDouble(bits);
                }
                case 8 -> {
                    int len = length(readVarint());
                    byte[] out = new byte[len];
                    System.arraycopy(buf, pos, out, 0, len);
                    pos += len;
                    yield out;
                }
                case 9, 10 -> {
                    int header = readByte() & 0xff;
                    int size = header >>> 4;
                    if (size == 15) {
                        size = length(readVarint());
                    }
                    int elemType = header & 0x0f;
                    List<Object> items = new ArrayList<>(Math.min(size, 1024));
                    for (int i = 0; i < size; i++) {
                        items.add(readValue(elemType, depth + 1));
                    }
                    yield items;
                }
                case 11 -> {
                    int size = length(readVarint());
                    if (size > 0) {
                        int kv = readByte() & 0xff;
                        for (int i = 0; i < size; i++) {
                            readValue(kv >>> 4, depth + 1);
                            readValue(kv & 0x0f, depth + 1);
                        }
                    }
                    yield null;
                }
                case 12 -> readStruct(depth + 1);
                default -> throw new DataFormatException(where + ": Parquet metadata: unknown Thrift type " + type);
            };
        }

        private int length(long n) {
            if (n < 0 || n > end - pos) {
                throw new DataFormatException(
                        where + ": Parquet metadata is truncated (a length of " + n + " runs past the end)");
            }
            return (int) n;
        }

        private byte readByte() {
            if (pos >= end) {
                throw new DataFormatException(where + ": Parquet metadata is truncated");
            }
            return buf[pos++];
        }

        private long readVarint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte() & 0xff;
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new DataFormatException(where + ": Parquet metadata: malformed varint");
        }

        private static long zigzag(long n) {
            return (n >>> 1) ^ -(n & 1);
        }
    }
}
