"""Writes the corpus of the corpus test (ParquetCorpusTest): Parquet files from four independent writers
(pyarrow, fastparquet, polars, duckdb) covering every codec, data page v1 and v2, dictionary on and off, the
encodings, many row groups and pages, nested and null-heavy columns and every logical type; and CSV and
JSON Lines files as `datasets` writes them.

Next to every data file FILE it writes FILE.expected.jsonl: each row as a Python user sees it, i.e. read by
pyarrow (the reader `datasets` uses) and serialised the way the reference serialises values (pydantic:
dates and times ISO-8601, Decimal as its exact string, NaN and infinities as null). Byte strings, which
pydantic cannot render unless they are UTF-8, are written as {"$bytes": "<hex>"}. For CSV and JSON Lines the
expected rows are `datasets`' own reading of the file. For the files of polars, duckdb and fastparquet it also
writes FILE.own.jsonl: the rows as that writer's own reader returns them (polars.read_parquet, duckdb's
read_parquet, fastparquet's to_pandas), serialised the same way. index.json lists every file with its writer and
options (and "own_reader", or "own_reader_error" when a writer's reader failed on its own file).

    make-corpus.py <out-dir>
"""
import datetime as dt
import decimal
import json
import math
import os
import random
import sys
import uuid
from typing import Any

import duckdb
import fastparquet
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pydantic

OUT = sys.argv[1]
INDEX = []
PYDANTIC = pydantic.TypeAdapter(Any)


def plain(v):
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": bytes(v).hex()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, tuple):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def maps_to_objects(value, arrow_type):
    """to_pylist gives a map as a list of (key, value) tuples; the reader gives a JSON object."""
    if value is None:
        return None
    if pa.types.is_map(arrow_type):
        return {str(k): maps_to_objects(v, arrow_type.item_type) for k, v in value}
    if pa.types.is_struct(arrow_type):
        return {f.name: maps_to_objects(value[f.name], f.type) for f in arrow_type}
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        return [maps_to_objects(v, arrow_type.value_type) for v in value]
    return value


def expected_lines(rows):
    return [PYDANTIC.dump_json(plain(r)).decode("utf-8") for r in rows]


def record(path, writer, **options):
    name = os.path.relpath(path, OUT)
    table = pq.read_table(path)
    rows = [{f.name: maps_to_objects(r[f.name], f.type) for f in table.schema} for r in table.to_pylist()]
    with open(path + ".expected.jsonl", "w", encoding="utf-8") as out:
        for line in expected_lines(rows):
            out.write(line + "\n")
    meta = pq.ParquetFile(path).metadata
    codecs, encodings = set(), set()
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            col = meta.row_group(g).column(c)
            codecs.add(col.compression)
            encodings.update(col.encodings)
    entry = {"file": name, "writer": writer, "created_by": meta.created_by, "rows": meta.num_rows,
             "row_groups": meta.num_row_groups, "codecs": sorted(codecs), "encodings": sorted(encodings)}
    entry.update(options)
    INDEX.append(entry)
    print("%-44s %-11s rows=%-5d groups=%-3d codecs=%s encodings=%s" % (
        name, writer, meta.num_rows, meta.num_row_groups, sorted(codecs), sorted(encodings)))


# ---------------------------------------------------------------------------------------------------------
# data

WORDS = ["alpha", "beta", "gamma", "δέλτα", "ε🙂", "", "a longer string with spaces, commas and \"quotes\"",
         "line\nbreak"]


def flat_columns(n, seed, null_p=0.2):
    """Plain Python columns of the common scalar kinds (nullable)."""
    rnd = random.Random(seed)

    def maybe(v):
        return None if rnd.random() < null_p else v

    return {
        "b": [maybe(rnd.random() < 0.5) for _ in range(n)],
        "i32": [maybe(rnd.randint(-2**31, 2**31 - 1)) for _ in range(n)],
        "i64": [maybe(rnd.randint(-2**63, 2**63 - 1)) for _ in range(n)],
        "small": [maybe(rnd.randint(0, 20)) for _ in range(n)],
        "f64": [maybe(rnd.choice([0.5, -1.25, 1e300, 5e-324, 0.1, rnd.uniform(-1e9, 1e9)])) for _ in range(n)],
        "s": [maybe(rnd.choice(WORDS)) for _ in range(n)],
        "bin": [maybe(bytes(rnd.randrange(256) for _ in range(rnd.randrange(6)))) for _ in range(n)],
        "d": [maybe(dt.date(1970, 1, 1) + dt.timedelta(days=rnd.randint(-30000, 30000))) for _ in range(n)],
        "ts": [maybe(dt.datetime(2024, 1, 2, 3, 4, 5) + dt.timedelta(microseconds=rnd.randint(-10**15, 10**15)))
               for _ in range(n)],
        "dec": [maybe(decimal.Decimal(rnd.randint(-10**9, 10**9)).scaleb(-2)) for _ in range(n)],
    }


FLAT_SCHEMA = pa.schema([("b", pa.bool_()), ("i32", pa.int32()), ("i64", pa.int64()), ("small", pa.int8()),
                         ("f64", pa.float64()), ("s", pa.string()), ("bin", pa.binary()), ("d", pa.date32()),
                         ("ts", pa.timestamp("us")), ("dec", pa.decimal128(11, 2))])


def logical_table(n, seed):
    """Every logical type pyarrow writes, plus NaN and infinities."""
    rnd = random.Random(seed)

    def maybe(v, p=0.15):
        return None if rnd.random() < p else v

    def ts(unit):
        scale = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
        return [maybe(rnd.randint(-2 * 10**9, 4 * 10**9) * scale + rnd.randrange(scale)) for _ in range(n)]

    specials = [math.nan, math.inf, -math.inf, -0.0, 1.5, 0.1, 3.4028234663852886e38]
    cols, types = {}, {}

    def add(name, values, typ):
        cols[name] = values
        types[name] = typ

    add("date32", [maybe(rnd.randint(-700000, 2900000)) for _ in range(n)], pa.date32())
    add("date64", [maybe(rnd.randint(-30000, 30000) * 86400000) for _ in range(n)], pa.date64())
    for unit in ["s", "ms", "us", "ns"]:
        add("ts_" + unit, ts(unit), pa.timestamp(unit))
        add("ts_" + unit + "_utc", ts(unit), pa.timestamp(unit, tz="UTC"))
    add("ts_us_zone", ts("us"), pa.timestamp("us", tz="Asia/Kolkata"))
    add("time_s", [maybe(rnd.randrange(86400)) for _ in range(n)], pa.time32("s"))
    add("time_ms", [maybe(rnd.randrange(86400 * 10**3)) for _ in range(n)], pa.time32("ms"))
    add("time_us", [maybe(rnd.randrange(86400 * 10**6)) for _ in range(n)], pa.time64("us"))
    add("time_ns", [maybe(rnd.randrange(86400 * 10**9)) for _ in range(n)], pa.time64("ns"))
    for p, s in [(4, 2), (9, 0), (18, 6), (20, 10), (38, 0)]:
        add("dec_%d_%d" % (p, s),
            [maybe(decimal.Decimal(rnd.choice([0, 1, -1, rnd.randint(-10**p + 1, 10**p - 1)])).scaleb(-s))
             for _ in range(n)], pa.decimal128(p, s))
    add("dec256", [maybe(decimal.Decimal(rnd.randint(-10**60, 10**60)).scaleb(-5)) for _ in range(n)],
        pa.decimal256(70, 5))
    for bits in [8, 16, 32, 64]:
        add("u%d" % bits, [maybe(rnd.choice([0, 1, 2**bits - 1, 2**(bits - 1), rnd.randrange(2**bits)]))
                           for _ in range(n)], getattr(pa, "uint%d" % bits)())
        add("i%d" % bits, [maybe(rnd.choice([-2**(bits - 1), 2**(bits - 1) - 1, rnd.randrange(-2**(bits - 1),
                                                                                          2**(bits - 1))]))
                           for _ in range(n)], getattr(pa, "int%d" % bits)())
    add("f16", [maybe(np.float16(rnd.choice([-0.0, 1.5, 0.1, 65504.0, 6e-8, 0.333]))) for _ in range(n)],
        pa.float16())
    add("f32", [maybe(rnd.choice(specials)) for _ in range(n)], pa.float32())
    add("f64", [maybe(rnd.choice(specials + [5e-324, 1.7976931348623157e308])) for _ in range(n)], pa.float64())
    add("uuid", [maybe(uuid.UUID(int=rnd.getrandbits(128)).bytes) for _ in range(n)], pa.uuid())
    add("json", [maybe(json.dumps({"k": rnd.choice(WORDS), "n": rnd.randint(0, 9)})) for _ in range(n)], pa.json_())
    add("large_s", [maybe(rnd.choice(WORDS)) for _ in range(n)], pa.large_string())
    add("large_b", [maybe(rnd.choice(WORDS).encode()) for _ in range(n)], pa.large_binary())
    add("fixed", [maybe(bytes(rnd.randrange(256) for _ in range(3))) for _ in range(n)], pa.binary(3))
    table = pa.table({k: pa.array(v, type=types[k]) for k, v in cols.items()})
    cat = pa.array([maybe(rnd.choice(["red", "green", "blue"])) for _ in range(n)]).dictionary_encode()
    return table.append_column("category", cat)


def nested_table(n, seed, null_p=0.2):
    rnd = random.Random(seed)

    def maybe(v, p=null_p):
        return None if rnd.random() < p else v

    rows = {
        "id": list(range(n)),
        "ints": [maybe([maybe(rnd.randint(-1000, 1000), 0.1) for _ in range(rnd.randrange(4))]) for _ in range(n)],
        "tags": [maybe([rnd.choice(WORDS) for _ in range(rnd.randrange(3))]) for _ in range(n)],
        "point": [maybe({"x": rnd.randint(0, 9), "label": maybe("p%d" % i, 0.3)}) for i in range(n)],
        "attrs": [maybe([("k%d" % j, maybe(j * i, 0.1)) for j in range(i % 4)]) for i in range(n)],
        "matrix": [maybe([maybe([rnd.random() for _ in range(rnd.randrange(3))], 0.1)
                          for _ in range(rnd.randrange(3))]) for _ in range(n)],
        "people": [maybe([{"name": rnd.choice(WORDS), "when": maybe(dt.date(2020, 1, 1) + dt.timedelta(days=j)),
                           "scores": [rnd.randint(0, 5) for _ in range(rnd.randrange(3))]}
                          for j in range(rnd.randrange(3))]) for _ in range(n)],
    }
    schema = pa.schema([
        ("id", pa.int64()), ("ints", pa.list_(pa.int32())), ("tags", pa.list_(pa.string())),
        ("point", pa.struct([("x", pa.int32()), ("label", pa.string())])),
        ("attrs", pa.map_(pa.string(), pa.int64())), ("matrix", pa.list_(pa.list_(pa.float64()))),
        ("people", pa.list_(pa.struct([("name", pa.string()), ("when", pa.date32()),
                                        ("scores", pa.list_(pa.int16()))]))),
    ])
    return pa.table(rows, schema=schema)


# ---------------------------------------------------------------------------------------------------------
# writers

def write_pyarrow():
    base = os.path.join(OUT, "pyarrow")
    os.makedirs(base)
    flat = pa.table(flat_columns(300, 1), schema=FLAT_SCHEMA)
    for codec in ["NONE", "SNAPPY", "GZIP", "BROTLI", "LZ4", "ZSTD"]:
        for version, dictionary in [("1.0", True), ("2.0", False)]:
            name = "flat-%s-v%s-%s.parquet" % (codec.lower(), version[0], "dict" if dictionary else "plain")
            pq.write_table(flat, os.path.join(base, name), compression=codec, data_page_version=version,
                           use_dictionary=dictionary, row_group_size=120)
            record(os.path.join(base, name), "pyarrow", codec=codec, page_version=version, dictionary=dictionary)
    path = os.path.join(base, "encodings.parquet")
    pq.write_table(flat, path, use_dictionary=False, compression="NONE", data_page_version="2.0",
                   column_encoding={"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED",
                                    "s": "DELTA_BYTE_ARRAY", "bin": "DELTA_LENGTH_BYTE_ARRAY",
                                    "f64": "BYTE_STREAM_SPLIT", "small": "BYTE_STREAM_SPLIT", "b": "RLE",
                                    "d": "DELTA_BINARY_PACKED", "ts": "BYTE_STREAM_SPLIT",
                                    "dec": "BYTE_STREAM_SPLIT"})
    record(path, "pyarrow", encodings="delta+byte_stream_split+rle")
    path = os.path.join(base, "many-groups-pages.parquet")
    pq.write_table(pa.table(flat_columns(2000, 2), schema=FLAT_SCHEMA), path, compression="SNAPPY",
                   row_group_size=97, data_page_size=256, write_batch_size=16, dictionary_pagesize_limit=128)
    record(path, "pyarrow", note="many row groups and pages, dictionary fallback")
    for version in ["1.0", "2.0"]:
        path = os.path.join(base, "logical-v%s.parquet" % version[0])
        pq.write_table(logical_table(400, 3), path, compression="ZSTD", data_page_version=version,
                       row_group_size=150)
        record(path, "pyarrow", note="every logical type")
    path = os.path.join(base, "logical-decimal-as-int.parquet")
    pq.write_table(logical_table(200, 4), path, store_decimal_as_integer=True, compression="SNAPPY")
    record(path, "pyarrow", note="decimals as INT32/INT64")
    path = os.path.join(base, "int96.parquet")
    pq.write_table(pa.table({"ts": pa.array(logical_table(200, 5)["ts_ns"])}), path,
                   use_deprecated_int96_timestamps=True)
    record(path, "pyarrow", note="INT96 timestamps")
    path = os.path.join(base, "legacy-parquet-1.0.parquet")
    pq.write_table(logical_table(200, 6).drop_columns(["uuid", "f16", "json"]), path, version="1.0",
                   coerce_timestamps="ms", allow_truncated_timestamps=True)
    record(path, "pyarrow", note="format 1.0: converted types only")
    for codec in ["SNAPPY", "BROTLI"]:
        for version in ["1.0", "2.0"]:
            path = os.path.join(base, "nested-%s-v%s.parquet" % (codec.lower(), version[0]))
            pq.write_table(nested_table(300, 7), path, compression=codec, data_page_version=version,
                           row_group_size=100)
            record(path, "pyarrow", note="nested", codec=codec)
    path = os.path.join(base, "null-heavy.parquet")
    pq.write_table(pa.concat_tables([nested_table(300, 8, null_p=0.9)]), path, compression="GZIP")
    record(path, "pyarrow", note="90% nulls")
    path = os.path.join(base, "all-null-and-empty.parquet")
    pq.write_table(pa.table({"n": pa.array([None] * 50, pa.int64()), "s": pa.array([None] * 50, pa.string()),
                             "e": pa.array([[]] * 50, pa.list_(pa.int64()))}), path)
    record(path, "pyarrow", note="all null")


def pandas_frame(n, seed):
    c = flat_columns(n, seed, null_p=0.0)
    return pd.DataFrame({
        "b": c["b"], "i32": pd.array(c["i32"], dtype="int32"), "i64": pd.array(c["i64"], dtype="int64"),
        "small": pd.array(c["small"], dtype="uint8"), "u16": pd.array([v * 3000 for v in c["small"]], "uint16"),
        "u32": pd.array([v * 200000000 for v in c["small"]], "uint32"),
        "u64": pd.array([v * 900000000000000000 for v in c["small"]], "uint64"),
        "f64": c["f64"], "f32": pd.array(c["f64"], dtype="float32"),
        "s": c["s"], "opt_s": [None if i % 3 == 0 else v for i, v in enumerate(c["s"])],
        "bin": c["bin"], "ts": pd.to_datetime(c["ts"]), "ts_tz": pd.to_datetime(c["ts"]).tz_localize("UTC"),
        "opt_i": pd.array([None if i % 4 == 0 else v for i, v in enumerate(c["i32"])], dtype="Int32"),
        "cat": pd.Categorical([w for w in c["s"]]),
        "js": [{"k": v, "l": [1, 2]} for v in c["small"]],
    })


def write_fastparquet():
    base = os.path.join(OUT, "fastparquet")
    os.makedirs(base)
    frame = pandas_frame(300, 11)
    for codec in ["UNCOMPRESSED", "SNAPPY", "GZIP", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"]:
        for times in ["int64", "int96"]:
            path = os.path.join(base, "flat-%s-%s.parquet" % (codec.lower(), times))
            fastparquet.write(path, frame, compression=codec, times=times, row_group_offsets=[0, 100, 250],
                              object_encoding={"s": "utf8", "opt_s": "utf8", "bin": "bytes", "js": "json"},
                              stats=True, has_nulls=True)
            record(path, "fastparquet", codec=codec, times=times)
    path = os.path.join(base, "no-nulls-plain.parquet")
    fastparquet.write(path, frame.drop(columns=["opt_s", "opt_i"]), has_nulls=False, stats=False,
                      object_encoding={"s": "utf8", "bin": "bytes", "js": "json"})
    record(path, "fastparquet", note="required columns")


def write_polars():
    base = os.path.join(OUT, "polars")
    os.makedirs(base)
    c = flat_columns(400, 21)
    frame = pl.DataFrame({
        "b": c["b"], "i32": pl.Series(c["i32"], dtype=pl.Int32), "i64": c["i64"],
        "small": pl.Series(c["small"], dtype=pl.UInt8), "u32": pl.Series([None if v is None else v * 200000000
                                                                          for v in c["small"]], dtype=pl.UInt32),
        "u64": pl.Series([None if v is None else v * 900000000000000000 for v in c["small"]], dtype=pl.UInt64),
        "f64": c["f64"], "s": c["s"], "bin": pl.Series(c["bin"], dtype=pl.Binary), "d": c["d"],
        "ts_us": pl.Series(c["ts"], dtype=pl.Datetime("us")), "ts_ms": pl.Series(c["ts"], dtype=pl.Datetime("ms")),
        "ts_ns_utc": pl.Series(c["ts"], dtype=pl.Datetime("ns")).dt.replace_time_zone("UTC"),
        "t": pl.Series([None if v is None else v.time() for v in c["ts"]], dtype=pl.Time),
        "dec": pl.Series(c["dec"], dtype=pl.Decimal(20, 2)),
        "cat": pl.Series(c["s"], dtype=pl.Categorical),
        "lst": [None if i % 5 == 0 else list(range(i % 4)) for i in range(400)],
        "st": [None if i % 6 == 0 else {"a": i, "b": c["s"][i]} for i in range(400)],
    })
    for codec in ["uncompressed", "snappy", "gzip", "brotli", "lz4", "zstd"]:
        path = os.path.join(base, "mixed-%s.parquet" % codec)
        frame.write_parquet(path, compression=codec, row_group_size=150, data_page_size=1024, statistics=True)
        record(path, "polars", codec=codec)


def write_duckdb():
    base = os.path.join(OUT, "duckdb")
    os.makedirs(base)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
    query = """
        SELECT i AS id,
          CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '1970-01-01' + (i * 37 - 9000)::INTEGER END AS d,
          TIMESTAMP '2024-01-02 03:04:05.123456' + to_microseconds(i * 987654321) AS ts,
          TIMESTAMP_MS '2001-02-03 04:05:06.789' + to_milliseconds(i * 12345) AS ts_ms,
          TIMESTAMP_NS '2030-01-01 00:00:00.123456789' + to_microseconds(i * 1001) AS ts_ns,
          TIMESTAMP_S '1950-06-07 08:09:10' + to_seconds(i * 3333) AS ts_s,
          TIMESTAMPTZ '2024-05-06 07:08:09.5+00' + to_microseconds(i * 7777777) AS tstz,
          TIME '00:00:00' + to_microseconds((i * 123456789) % 86400000000) AS t,
          (i * 1.25 - 100)::DECIMAL(4, 1) AS dec4, (i * 12345.67 - 1e6)::DECIMAL(9, 2) AS dec9,
          (i * 123456789.123 - 1e12)::DECIMAL(18, 3) AS dec18,
          (i::HUGEINT * 12345678901234567890 - 99999)::DECIMAL(38, 10) AS dec38,
          (i % 256)::UTINYINT AS u8, (i * 257 % 65536)::USMALLINT AS u16, (4294967295 - i)::UINTEGER AS u32,
          (18446744073709551615 - i)::UBIGINT AS u64, (i % 128 - 64)::TINYINT AS i8, (i * 100 - 30000)::SMALLINT AS i16,
          CASE WHEN i % 3 = 0 THEN NULL ELSE uuid_extract_from_bits(i) END AS u,
          INTERVAL (i) DAY + INTERVAL (i % 13) MONTH + to_microseconds(i * 1000) AS iv,
          (['sad', 'ok', 'happy'])[i % 3 + 1]::mood AS m,
          json_object('i', i, 's', 'x' || i) AS js,
          CASE WHEN i % 4 = 0 THEN NULL ELSE 'text ' || i END AS s,
          ('\\x' || lpad(printf('%x', i % 256), 2, '0'))::BLOB AS bl,
          CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 1, NULL] END AS l,
          {'a': i, 'b': CASE WHEN i % 2 = 0 THEN NULL ELSE 'b' || i END} AS st,
          MAP {'k' || (i % 3): i} AS mp,
          CASE WHEN i % 11 = 0 THEN 'nan'::DOUBLE WHEN i % 13 = 0 THEN 'inf'::DOUBLE ELSE i / 7 END AS f,
          (i / 3)::FLOAT AS f32, i % 2 = 0 AS bo
        FROM range(500) r(i)
    """
    con.execute("CREATE TABLE t AS " + query.replace("uuid_extract_from_bits(i)",
                                                      "('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID"))
    for codec in ["uncompressed", "snappy", "gzip", "zstd", "brotli", "lz4", "lz4_raw"]:
        for version in ["V1", "V2"]:
            path = os.path.join(base, "typed-%s-%s.parquet" % (codec, version.lower()))
            # pyarrow 26 cannot read a UINTEGER column that duckdb 2.0 wrote with V2 pages ("InitHeader EOF"),
            # so the V2 files leave it out
            source = "t" if version == "V1" else "(SELECT * EXCLUDE (u32) FROM t)"
            con.execute("COPY %s TO '%s' (FORMAT parquet, COMPRESSION '%s', ROW_GROUP_SIZE 128, PARQUET_VERSION %s)"
                        % (source, path, codec, version))
            record(path, "duckdb", codec=codec, page_version=version)


def write_datasets_text():
    """CSV and JSON Lines as `datasets` writes them, with their expected rows as `datasets` reads them back."""
    from datasets import ClassLabel, Dataset, Features, Sequence, Value, load_dataset
    base = os.path.join(OUT, "datasets")
    os.makedirs(base)
    rnd = random.Random(31)
    n = 200
    features = Features({"id": Value("int64"), "question": Value("string"), "answer": Value("string"),
                         "score": Value("float64"), "label": ClassLabel(names=["neg", "neu", "pos"]),
                         "ok": Value("bool"), "tags": Sequence(Value("string"))})
    data = {"id": list(range(n)),
            "question": [rnd.choice(WORDS) + " #%d, \"quoted\"" % i for i in range(n)],
            "answer": [None if i % 9 == 0 else str(rnd.randint(0, 99)) for i in range(n)],
            "score": [None if i % 10 == 0 else rnd.choice([0.5, 1e-7, 123456.789, -2.0]) for i in range(n)],
            "label": [rnd.randrange(3) for _ in range(n)],
            "ok": [rnd.random() < 0.5 for _ in range(n)],
            "tags": [[rnd.choice(WORDS) for _ in range(rnd.randrange(3))] for _ in range(n)]}
    ds = Dataset.from_dict(data, features=features)
    flat = ds.remove_columns(["tags"])
    jsonl = os.path.join(base, "train.jsonl")
    ds.to_json(jsonl)
    csv = os.path.join(base, "train.csv")
    flat.to_csv(csv, index=False)
    parquet = os.path.join(base, "train.parquet")
    ds.to_parquet(parquet)
    for path, kind in [(jsonl, "json"), (csv, "csv")]:
        back = load_dataset(kind, data_files=path, split="train")
        with open(path + ".expected.jsonl", "w", encoding="utf-8") as out:
            for line in expected_lines([dict(r) for r in back]):
                out.write(line + "\n")
        INDEX.append({"file": os.path.relpath(path, OUT), "writer": "datasets", "rows": len(back)})
        print("%-44s %-11s rows=%d" % (os.path.relpath(path, OUT), "datasets", len(back)))
    record(parquet, "datasets", note="features in the huggingface metadata")


# ---------------------------------------------------------------------------------------------------------
# the writers' own readings

def own_value(v):
    """A value of a writer's own reader as plain Python: numpy scalars unwrapped, pandas' NaT/NaN as None."""
    if isinstance(v, dict):
        return {str(k): own_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [own_value(x) for x in v]
    if v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, pd.Timedelta):
        return v.to_pytimedelta()
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def own_rows(path, writer):
    if writer == "polars":
        return pl.read_parquet(path).to_dicts()
    if writer == "duckdb":
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        # duckdb's Python client needs pytz to hand out TIMESTAMP WITH TIME ZONE values; those columns are read
        # as UTC instants without zone (the same instant) and get the UTC zone back here
        types = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        zoned = {t[0] for t in types if t[1] == "TIMESTAMP WITH TIME ZONE"}
        select = ", ".join('timezone(\'UTC\', "%s") AS "%s"' % (n, n) if n in zoned else '"%s"' % n
                           for n, *_ in types)
        cur = con.execute("SELECT %s FROM read_parquet(?)" % select, [path])
        names = [d[0] for d in cur.description]
        return [{n: (v.replace(tzinfo=dt.timezone.utc) if n in zoned and v is not None else v)
                 for n, v in zip(names, r)} for r in cur.fetchall()]
    if writer == "fastparquet":
        return fastparquet.ParquetFile(path).to_pandas().to_dict("records")
    return None


def write_own_readings():
    """Next to FILE.expected.jsonl (pyarrow's reading), FILE.own.jsonl: the rows as the writer's own reader
    returns them, for polars, duckdb and fastparquet files; the test compares them by value."""
    for entry in INDEX:
        path = os.path.join(OUT, entry["file"])
        if not path.endswith(".parquet") or entry["writer"] not in ("polars", "duckdb", "fastparquet"):
            continue
        try:
            rows = [own_value(r) for r in own_rows(path, entry["writer"])]
            lines = [PYDANTIC.dump_json(plain(r)).decode("utf-8") for r in rows]
        except Exception as e:  # the writer's reader cannot read its own file: recorded, the test states it
            entry["own_reader_error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:200])
            print("%-44s own reader failed: %s" % (entry["file"], entry["own_reader_error"]))
            continue
        with open(path + ".own.jsonl", "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
        entry["own_reader"] = entry["writer"]


def main():
    write_pyarrow()
    write_fastparquet()
    write_polars()
    write_duckdb()
    write_datasets_text()
    write_own_readings()
    with open(os.path.join(OUT, "index.json"), "w", encoding="utf-8") as out:
        json.dump(INDEX, out, indent=1)
    print("%d files" % len(INDEX))


if __name__ == "__main__":
    main()
