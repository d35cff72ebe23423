package io.openenv4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Legacy {@code converted_type} annotations without a {@code logicalType} (what writers before format 2.4
 * produce; the corpus writers set both), decoded from schema elements encoded here in the Thrift compact
 * protocol.
 */
class LogicalTypeTest {

    /** A SchemaElement {type = 1, name = 4, converted_type = 6, scale = 7, precision = 8}. */
    private static ThriftStruct element(int physical, int convertedType, int scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x15); // field 1, i32
        zigzag(out, physical);
        byte[] name = "c".getBytes(StandardCharsets.UTF_8);
        out.write(0x38); // field 4 (delta 3), binary
        out.write(name.length);
        out.writeBytes(name);
        out.write(0x25); // field 6 (delta 2), i32
        zigzag(out, convertedType);
        out.write(0x15); // field 7, i32
        zigzag(out, scale);
        out.write(0);
        byte[] bytes = out.toByteArray();
        return new ThriftStruct.Reader(bytes, 0, bytes.length, "test").readStruct();
    }

    private static void zigzag(ByteArrayOutputStream out, int v) {
        long z = ((long) v << 1) ^ (v >> 31);
        while ((z & ~0x7fL) != 0) {
            out.write((int) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }

    private static Object convert(ParquetMetadata.Physical physical, int convertedType, int scale, Object raw) {
        return LogicalType.of(element(physical.ordinal(), convertedType, scale), physical, null)
                .convert(raw, "t");
    }

    @Test
    void legacyConvertedTypesBecomeWhatPythonShows() {
        assertThat(convert(ParquetMetadata.Physical.INT32, 6, 0, 19724L)).isEqualTo("2024-01-02");
        assertThat(convert(ParquetMetadata.Physical.INT32, 13, 0, -1L)).isEqualTo(4294967295L);
        assertThat(convert(ParquetMetadata.Physical.INT32, 11, 0, -1L)).isEqualTo(255L);
        assertThat(convert(ParquetMetadata.Physical.INT32, 12, 0, -2L)).isEqualTo(65534L);
        assertThat(convert(ParquetMetadata.Physical.INT64, 14, 0, -1L))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(convert(ParquetMetadata.Physical.INT64, 5, 2, 150L)).isEqualTo("1.50");
        assertThat(convert(ParquetMetadata.Physical.FIXED_LEN_BYTE_ARRAY, 5, 3, new byte[] {(byte) 0xff, (byte) 0x85}))
                .isEqualTo("-0.123");
        assertThat(convert(ParquetMetadata.Physical.INT64, 9, 0, 1704164645120L))
                .isEqualTo("2024-01-02T03:04:05.120000Z");
        assertThat(convert(ParquetMetadata.Physical.INT64, 10, 0, -1L)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(convert(ParquetMetadata.Physical.INT32, 7, 0, 11045123L)).isEqualTo("03:04:05.123000");
        assertThat(convert(ParquetMetadata.Physical.INT64, 8, 0, 11045000000L)).isEqualTo("03:04:05");
        assertThat(convert(ParquetMetadata.Physical.BYTE_ARRAY, 19, 0, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"a\":1}");
        assertThat(convert(ParquetMetadata.Physical.BYTE_ARRAY, 4, 0, "red".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("red");
        assertThat(convert(ParquetMetadata.Physical.BYTE_ARRAY, 20, 0, new byte[] {5, 0, 0, 0, 0}))
                .isEqualTo(new byte[] {5, 0, 0, 0, 0});
        assertThat(convert(ParquetMetadata.Physical.FIXED_LEN_BYTE_ARRAY, 21, 0, new byte[12]))
                .isEqualTo(new byte[12]);
    }

    @Test
    void int96TimestampsAreJulianDayAndNanosOfDay() {
        // 2024-01-02 is Julian day 2460312; 03:04:05.123456789 is 11045123456789 ns
        byte[] v = new byte[12];
        long nanos = 11_045_123_456_789L;
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (nanos >>> (8 * i));
        }
        int julian = 2_460_312;
        for (int i = 0; i < 4; i++) {
            v[8 + i] = (byte) (julian >>> (8 * i));
        }
        assertThat(convert(ParquetMetadata.Physical.INT96, -1, 0, v)).isEqualTo("2024-01-02T03:04:05.123456");
    }

    @Test
    void nanAndInfinitiesBecomeNullAsInTheReferencesJson() {
        assertThat(convert(ParquetMetadata.Physical.DOUBLE, -1, 0, Double.NaN)).isNull();
        assertThat(convert(ParquetMetadata.Physical.DOUBLE, -1, 0, Double.NEGATIVE_INFINITY))
                .isNull();
        assertThat(convert(ParquetMetadata.Physical.DOUBLE, -1, 0, 1.5)).isEqualTo(1.5);
    }
}
