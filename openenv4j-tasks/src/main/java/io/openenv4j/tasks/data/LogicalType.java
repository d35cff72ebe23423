package io.openenv4j.tasks.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * What a Parquet column's values mean beyond their physical type, and how they become the JSON value a Python
 * user sees: {@code datasets}/pyarrow read the file into Python objects, and the reference serialises them
 * with pydantic. So dates and timestamps become ISO-8601 strings, decimals exact decimal strings, unsigned
 * integers their unsigned value, UUIDs their canonical text, and NaN and the infinities {@code null}
 * (docs/tasks.md, "What a column's values become", lists every case).
 *
 * <p>Read from the schema element's {@code logicalType} when present, else from its legacy
 * {@code converted_type}; INT96 columns are the legacy nanosecond timestamps.
 */
record LogicalType(Kind kind, int unit, boolean utc, int scale, int bits, boolean signed, ZoneId zone) {

    enum Kind {
        NONE,
        STRING,
        ENUM,
        JSON,
        BSON,
        UUID,
        FLOAT16,
        DATE,
        TIME,
        TIMESTAMP,
        DECIMAL,
        INTEGER,
        INTERVAL,
        INT96
    }

    static final int MILLIS = 1;
    static final int MICROS = 2;
    static final int NANOS = 3;

    static final LogicalType NONE = of(Kind.NONE);

    private static LogicalType of(Kind kind) {
        return new LogicalType(kind, 0, false, 0, 0, true, null);
    }

    /**
     * The logical type of a leaf schema element; {@code zone} is the time zone the Arrow schema gives the
     * column (null if none), used for UTC-adjusted timestamps.
     */
    static LogicalType of(ThriftStruct e, ParquetMetadata.Physical physical, String zone) {
        LogicalType t = of(e, physical);
        if (t.kind == Kind.TIMESTAMP && t.utc && zone != null) {
            try {
                return new LogicalType(t.kind, t.unit, true, 0, 0, true, ZoneId.of(zone));
            } catch (java.time.DateTimeException unknownZone) {
                return t;
            }
        }
        return t;
    }

    private static LogicalType of(ThriftStruct e, ParquetMetadata.Physical physical) {
        if (physical == ParquetMetadata.Physical.INT96) {
            return of(Kind.INT96);
        }
        ThriftStruct l = e.struct(10);
        if (l != null) {
            if (l.has(1)) {
                return of(Kind.STRING);
            }
            if (l.has(4)) {
                return of(Kind.ENUM);
            }
            if (l.has(12)) {
                return of(Kind.JSON);
            }
            if (l.has(13)) {
                return of(Kind.BSON);
            }
            if (l.has(14)) {
                return of(Kind.UUID);
            }
            if (l.has(15)) {
                return of(Kind.FLOAT16);
            }
            if (l.has(6)) {
                return of(Kind.DATE);
            }
            if (l.has(5)) {
                ThriftStruct d = l.struct(5);
                return new LogicalType(Kind.DECIMAL, 0, false, d.i32(1, 0), 0, true, null);
            }
            if (l.has(7) || l.has(8)) {
                ThriftStruct t = l.struct(l.has(7) ? 7 : 8);
                ThriftStruct u = t.struct(2);
                int unit = u == null ? MICROS : u.has(1) ? MILLIS : u.has(3) ? NANOS : MICROS;
                return new LogicalType(l.has(7) ? Kind.TIME : Kind.TIMESTAMP, unit, t.bool(1, false), 0, 0, true, null);
            }
            if (l.has(10)) {
                ThriftStruct i = l.struct(10);
                return new LogicalType(Kind.INTEGER, 0, false, 0, i.i32(1, 64), i.bool(2, true), null);
            }
        }
        return switch (e.i32(6, -1)) {
            case 0 -> of(Kind.STRING);
            case 4 -> of(Kind.ENUM);
            case 5 -> new LogicalType(Kind.DECIMAL, 0, false, e.i32(7, 0), 0, true, null);
            case 6 -> of(Kind.DATE);
            case 7 -> new LogicalType(Kind.TIME, MILLIS, true, 0, 0, true, null);
            case 8 -> new LogicalType(Kind.TIME, MICROS, true, 0, 0, true, null);
            case 9 -> new LogicalType(Kind.TIMESTAMP, MILLIS, true, 0, 0, true, null);
            case 10 -> new LogicalType(Kind.TIMESTAMP, MICROS, true, 0, 0, true, null);
            case 11 -> new LogicalType(Kind.INTEGER, 0, false, 0, 8, false, null);
            case 12 -> new LogicalType(Kind.INTEGER, 0, false, 0, 16, false, null);
            case 13 -> new LogicalType(Kind.INTEGER, 0, false, 0, 32, false, null);
            case 14 -> new LogicalType(Kind.INTEGER, 0, false, 0, 64, false, null);
            case 19 -> of(Kind.JSON);
            case 20 -> of(Kind.BSON);
            case 21 -> of(Kind.INTERVAL);
            default -> NONE;
        };
    }

    /** Whether byte arrays of this type are text. */
    boolean isText() {
        return kind == Kind.STRING || kind == Kind.ENUM || kind == Kind.JSON;
    }

    /**
     * Turns the decoded physical values ({@code Long}, {@code Double}, {@code Boolean}, {@code byte[]}) into
     * their JSON values, in place.
     */
    void apply(Object[] values, int n, String where) {
        for (int i = 0; i < n; i++) {
            if (values[i] != null) {
                values[i] = convert(values[i], where);
            }
        }
    }

    Object convert(Object v, String where) {
        return switch (kind) {
            case NONE, BSON -> v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : v;
            case STRING, ENUM, JSON -> v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v;
            case UUID -> uuid(bytes(v, where));
            case FLOAT16 -> float16(bytes(v, where));
            case DATE -> LocalDate.ofEpochDay((Long) v).toString();
            case TIME -> time(number(v, where));
            case TIMESTAMP -> timestamp(number(v, where));
            case DECIMAL -> decimal(v, where);
            case INTEGER -> integer(number(v, where));
            case INTERVAL -> interval(bytes(v, where), where);
            case INT96 -> int96(bytes(v, where), where);
        };
    }

    private static byte[] bytes(Object v, String where) {
        if (v instanceof byte[] b) {
            return b;
        }
        throw new DataFormatException(
                where + ": expected bytes, found " + v.getClass().getSimpleName());
    }

    private static long number(Object v, String where) {
        if (v instanceof Long l) {
            return l;
        }
        throw new DataFormatException(
                where + ": expected an integer, found " + v.getClass().getSimpleName());
    }

    private Object integer(long v) {
        if (signed) {
            return v;
        }
        return switch (bits) {
            case 8 -> v & 0xffL;
            case 16 -> v & 0xffffL;
            case 32 -> v & 0xffff_ffffL;
            default -> v >= 0 ? v : new BigInteger(Long.toUnsignedString(v));
        };
    }

    private static String uuid(byte[] b) {
        String hex = HexFormat.of().formatHex(b);
        if (b.length != 16) {
            return hex;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static Object float16(byte[] b) {
        if (b.length != 2) {
            return null;
        }
        short bits = (short) ((b[0] & 0xff) | (b[1] & 0xff) << 8);
        float f = Float.float16ToFloat(bits);
        return Float.isNaN(f) || Float.isInfinite(f) ? null : (Object) (double) f;
    }

    private Object decimal(Object v, String where) {
        BigInteger unscaled;
        if (v instanceof Long l) {
            unscaled = BigInteger.valueOf(l);
        } else if (v instanceof byte[] b) {
            unscaled = b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
        } else {
            throw new DataFormatException(where + ": DECIMAL on " + v.getClass().getSimpleName() + " values");
        }
        return new BigDecimal(unscaled, scale).toString();
    }

    private String time(long v) {
        long nanos = switch (unit) {
            case MILLIS -> v * 1_000_000L;
            case MICROS -> v * 1_000L;
            default -> v;
        };
        if (nanos < 0 || nanos >= 86_400_000_000_000L) {
            return null;
        }
        return isoTime(LocalTime.ofNanoOfDay(nanos - nanos % 1000));
    }

    private String timestamp(long v) {
        long seconds;
        long nanos;
        switch (unit) {
            case MILLIS -> {
                seconds = Math.floorDiv(v, 1000L);
                nanos = Math.floorMod(v, 1000L) * 1_000_000L;
            }
            case MICROS -> {
                seconds = Math.floorDiv(v, 1_000_000L);
                nanos = Math.floorMod(v, 1_000_000L) * 1000L;
            }
            default -> {
                seconds = Math.floorDiv(v, 1_000_000_000L);
                nanos = Math.floorMod(v, 1_000_000_000L);
            }
        }
        if (zone != null) {
            java.time.ZonedDateTime z = java.time.Instant.ofEpochSecond(seconds, nanos - nanos % 1000)
                    .atZone(zone);
            int offset = z.getOffset().getTotalSeconds();
            String suffix = offset == 0
                    ? "Z"
                    : String.format(
                            "%s%02d:%02d", offset < 0 ? "-" : "+", Math.abs(offset) / 3600, Math.abs(offset) / 60 % 60);
            return z.toLocalDate() + "T" + isoTime(z.toLocalTime()) + suffix;
        }
        return isoDateTime(seconds, nanos, utc);
    }

    private static String int96(byte[] b, String where) {
        if (b.length != 12) {
            throw new DataFormatException(where + ": INT96 value of " + b.length + " bytes");
        }
        long nanosOfDay = 0;
        for (int i = 7; i >= 0; i--) {
            nanosOfDay = nanosOfDay << 8 | (b[i] & 0xff);
        }
        long julianDay = (b[8] & 0xff) | (b[9] & 0xff) << 8 | (b[10] & 0xff) << 16 | (long) (b[11] & 0xff) << 24;
        long epochDay = julianDay - 2_440_588L;
        long seconds = Math.multiplyExact(epochDay, 86_400L) + Math.floorDiv(nanosOfDay, 1_000_000_000L);
        return isoDateTime(seconds, Math.floorMod(nanosOfDay, 1_000_000_000L), false);
    }

    /** pyarrow reads an INTERVAL as its 12 raw bytes (months, days, milliseconds), and so does this reader. */
    private static byte[] interval(byte[] b, String where) {
        if (b.length != 12) {
            throw new DataFormatException(where + ": INTERVAL value of " + b.length + " bytes");
        }
        return b;
    }

    /** Python's {@code datetime} as pydantic writes it: microseconds at most, {@code Z} for UTC. */
    static String isoDateTime(long epochSecond, long nanos, boolean utc) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, (int) (nanos - nanos % 1000), ZoneOffset.UTC);
        return t.toLocalDate() + "T" + isoTime(t.toLocalTime()) + (utc ? "Z" : "");
    }

    private static String isoTime(LocalTime t) {
        String hms = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? hms : hms + String.format(".%06d", micros);
    }
}
