package io.openenv4j.tasks.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The time zones of timestamp columns, from the Arrow schema that pyarrow (and so {@code datasets}) stores in a
 * Parquet file's {@code ARROW:schema} metadata. Parquet itself only says whether a timestamp is UTC-adjusted;
 * pyarrow gives a Python user the instant in the stored zone ({@code 2024-01-02T08:34:05+05:30}), so the
 * reader needs the zone to show the same text.
 *
 * <p>The value is base64 of an Arrow IPC message (optionally behind a {@code 0xFFFFFFFF} continuation marker
 * and a length), a FlatBuffer: Message.header is a Schema, Schema.fields a vector of Field, Field.type a
 * Timestamp table (union type 10) whose second field is the zone. Anything unexpected yields no zones, never
 * an error: the zones only refine how instants are shown.
 */
final class ArrowSchemaZones {

    private static final int TIMESTAMP = 10;

    private ArrowSchemaZones() {}

    /** Dotted field path (top-level fields and struct children) to time zone name. */
    static Map<String, String> parse(String base64) {
        Map<String, String> zones = new HashMap<>();
        try {
            ByteBuffer b =
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64.trim())).order(ByteOrder.LITTLE_ENDIAN);
            // a continuation marker and a length, or (older writers) just the length
            int start = b.getInt(0) == -1 ? 8 : 4;
            ByteBuffer msg = b.slice(start, b.capacity() - start).order(ByteOrder.LITTLE_ENDIAN);
            int message = msg.getInt(0);
            int schema = table(msg, message, 2);
            if (schema < 0) {
                return zones;
            }
            // a field table reachable from several vectors (or from itself) is walked once per visit: bound
            // the visits by the buffer size so that a crafted schema cannot make the walk exponential
            int[] budget = {msg.capacity()};
            fields(msg, vector(msg, schema, 1), "", zones, 0, budget);
        } catch (RuntimeException e) {
            zones.clear();
        }
        return zones;
    }

    private static void fields(
            ByteBuffer b, int vector, String prefix, Map<String, String> zones, int depth, int[] budget) {
        if (vector < 0 || depth > 32) {
            return;
        }
        int n = b.getInt(vector);
        if (n < 0 || n > (b.capacity() - vector - 4) / 4) {
            throw new IndexOutOfBoundsException("field vector of " + n + " entries runs past the schema");
        }
        for (int i = 0; i < n; i++) {
            if (--budget[0] < 0) {
                throw new IllegalStateException("Arrow schema visits more fields than it has bytes");
            }
            int slot = vector + 4 + 4 * i;
            int field = slot + b.getInt(slot);
            String name = string(b, field, 0);
            if (name == null) {
                continue;
            }
            int typeType = scalarByte(b, field, 2);
            if (typeType == TIMESTAMP) {
                int type = table(b, field, 3);
                String zone = type < 0 ? null : string(b, type, 1);
                if (zone != null && !zone.isEmpty()) {
                    zones.put(prefix + name, zone);
                }
            }
            fields(b, vector(b, field, 5), prefix + name + ".", zones, depth + 1, budget);
        }
    }

    /** Position of field {@code id}'s value in the table at {@code table}, or -1 when absent. */
    private static int fieldPos(ByteBuffer b, int table, int id) {
        int vtable = table - b.getInt(table);
        int vsize = Short.toUnsignedInt(b.getShort(vtable));
        int at = 4 + 2 * id;
        if (at + 2 > vsize) {
            return -1;
        }
        int off = Short.toUnsignedInt(b.getShort(vtable + at));
        return off == 0 ? -1 : table + off;
    }

    private static int table(ByteBuffer b, int table, int id) {
        int p = fieldPos(b, table, id);
        return p < 0 ? -1 : p + b.getInt(p);
    }

    private static int vector(ByteBuffer b, int table, int id) {
        return table(b, table, id);
    }

    private static int scalarByte(ByteBuffer b, int table, int id) {
        int p = fieldPos(b, table, id);
        return p < 0 ? 0 : Byte.toUnsignedInt(b.get(p));
    }

    private static String string(ByteBuffer b, int table, int id) {
        int s = table(b, table, id);
        if (s < 0) {
            return null;
        }
        int len = b.getInt(s);
        if (len < 0 || len > b.capacity() - s - 4) {
            throw new IndexOutOfBoundsException("string of " + len + " bytes runs past the schema");
        }
        byte[] bytes = new byte[len];
        b.get(s + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
