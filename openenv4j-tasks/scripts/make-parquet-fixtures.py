#!/usr/bin/env python3
"""Writes the Parquet test fixtures of openenv4j-tasks with pyarrow, and beside each one the rows pyarrow
wrote as JSON Lines (the expected values the Java reader is compared against).

Run from openenv4j-tasks/:  python3 -m venv target/pyarrow-venv && target/pyarrow-venv/bin/pip install pyarrow
                             target/pyarrow-venv/bin/python scripts/make-parquet-fixtures.py
The fixtures are committed under src/test/resources/parquet/, so the unit tests never need Python.
Bytes are written to the JSON as {"$bytes": "<hex>"}.
"""
import json
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "parquet")


def sample_table(n, seed):
    rnd = random.Random(seed)

    def maybe(value, p=0.2):
        return None if rnd.random() < p else value

    words = ["alpha", "beta", "gamma", "δέλτα", "ε🙂", "", "a longer string with spaces, commas and \"quotes\""]
    cols = {
        "b": [maybe(rnd.random() < 0.5) for _ in range(n)],
        "i32": [maybe(rnd.randint(-2**31, 2**31 - 1)) for _ in range(n)],
        "i64": [maybe(rnd.randint(-2**63, 2**63 - 1)) for _ in range(n)],
        "small": [i * 3 - 40 for i in range(n)],
        "f32": [maybe(rnd.choice([0.5, -1.25, 3.4028234663852886e38, 1e-45, 0.1])) for _ in range(n)],
        "f64": [maybe(rnd.uniform(-1e9, 1e9)) for _ in range(n)],
        "s": [maybe(rnd.choice(words)) for _ in range(n)],
        "bin": [maybe(bytes(rnd.randrange(256) for _ in range(rnd.randrange(6)))) for _ in range(n)],
        "fixed": [maybe(bytes(rnd.randrange(256) for _ in range(4))) for _ in range(n)],
        "ints": [maybe([maybe(rnd.randint(-1000, 1000), 0.1) for _ in range(rnd.randrange(4))]) for _ in range(n)],
        "tags": [maybe([rnd.choice(words) for _ in range(rnd.randrange(3))]) for _ in range(n)],
    }
    schema = pa.schema([
        ("b", pa.bool_()), ("i32", pa.int32()), ("i64", pa.int64()), pa.field("small", pa.int64(), nullable=False),
        ("f32", pa.float32()), ("f64", pa.float64()), ("s", pa.string()), ("bin", pa.binary()),
        ("fixed", pa.binary(4)), ("ints", pa.list_(pa.int32())), ("tags", pa.list_(pa.string())),
    ])
    return pa.table(cols, schema=schema)


def nested_table(n, seed):
    rnd = random.Random(seed)
    rows = {
        "id": list(range(n)),
        "point": [None if i % 5 == 4 else {"x": rnd.randint(0, 9), "label": None if i % 3 == 0 else "p%d" % i}
                  for i in range(n)],
        "attrs": [None if i % 4 == 3 else [("k%d" % j, j * i) for j in range(i % 3)] for i in range(n)],
    }
    schema = pa.schema([("id", pa.int64()), ("point", pa.struct([("x", pa.int32()), ("label", pa.string())])),
                        ("attrs", pa.map_(pa.string(), pa.int64()))])
    return pa.table(rows, schema=schema)


def logical_table():
    """The columns a new user meets first: a date, a UTC timestamp, a price, an unsigned id."""
    import datetime as dt
    import decimal
    return pa.table({
        "question": ["When was the invoice paid?", "What did it cost?"],
        "answer": ["2024-01-02", "1.50"],
        "day": pa.array([dt.date(2024, 1, 2), None], pa.date32()),
        "paid_at": pa.array([dt.datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=dt.timezone.utc), None],
                            pa.timestamp("us", tz="UTC")),
        "price": pa.array([decimal.Decimal("1.50"), decimal.Decimal("-0.05")], pa.decimal128(12, 2)),
        "account": pa.array([4294967295, 7], pa.uint32()),
    })


def plain(value):
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def write(name, table, **options):
    path = os.path.join(OUT, name + ".parquet")
    pq.write_table(table, path, **options)
    back = pq.read_table(path)
    with open(os.path.join(OUT, name + ".jsonl"), "w", encoding="utf-8") as out:
        maps = {f.name for f in back.schema if pa.types.is_map(f.type)}
        for row in back.to_pylist():
            # a map column comes back from to_pylist as a list of (key, value) tuples: a JSON object here
            row = {k: (dict(v) if k in maps and v is not None else v) for k, v in row.items()}
            out.write(json.dumps({k: plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
    meta = pq.ParquetFile(path).metadata
    encodings = set()
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            col = meta.row_group(g).column(c)
            encodings.update(col.encodings)
            codec = col.compression
    print("%-28s rows=%d groups=%d codec=%s encodings=%s" % (name, meta.num_rows, meta.num_row_groups, codec,
                                                              sorted(encodings)))


def main():
    os.makedirs(OUT, exist_ok=True)
    t = sample_table(60, 7)
    write("plain-uncompressed-v1", t, use_dictionary=False, compression="NONE", data_page_version="1.0")
    write("dictionary-snappy-v1", t, use_dictionary=True, compression="SNAPPY", data_page_version="1.0")
    write("dictionary-gzip-v2", t, use_dictionary=True, compression="GZIP", data_page_version="2.0")
    write("plain-zstd-v2", t, use_dictionary=False, compression="ZSTD", data_page_version="2.0")
    write("dictionary-lz4-v1", t, use_dictionary=True, compression="LZ4", data_page_version="1.0")
    write("delta-encodings", t, use_dictionary=False, compression="NONE", data_page_version="2.0",
          column_encoding={"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED",
                           "small": "DELTA_BINARY_PACKED", "s": "DELTA_BYTE_ARRAY",
                           "bin": "DELTA_LENGTH_BYTE_ARRAY", "f32": "BYTE_STREAM_SPLIT",
                           "f64": "BYTE_STREAM_SPLIT", "b": "RLE"})
    big = sample_table(500, 11)
    # many row groups, many small pages per column chunk, and dictionaries that overflow their page limit so
    # the writer falls back to PLAIN in the middle of a chunk
    write("row-groups-pages", big, use_dictionary=["s", "tags", "i32"], compression="SNAPPY", row_group_size=100,
          data_page_size=128, write_batch_size=8, dictionary_pagesize_limit=64)
    write("nested", nested_table(40, 3), compression="SNAPPY")
    write_logical()
    write_media()


def write_media():
    """Image and Audio columns as datasets stores them (struct of bytes and path) with the features datasets
    writes into the footer's "huggingface" metadata, and a ClassLabel column."""
    features = {"info": {"features": {
        "question": {"dtype": "string", "_type": "Value"},
        "label": {"names": ["cat", "dog"], "_type": "ClassLabel"},
        "image": {"_type": "Image"},
        "audio": {"_type": "Audio"},
        "tags": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"}}}}
    media = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    table = pa.table({
        "question": ["What animal is this?", "And this one?"],
        "label": pa.array([1, 0], pa.int64()),
        "image": pa.array([{"bytes": b"\x89PNG\r\n\x1a\n" + bytes(range(64)), "path": "dog.png"},
                           {"bytes": None, "path": "images/cat.png"}], media),
        "audio": pa.array([{"bytes": b"RIFF" + bytes(32), "path": None}, None], media),
        "tags": [["pet"], []],
    }).replace_schema_metadata({"huggingface": json.dumps(features)})
    pq.write_table(table, os.path.join(OUT, "media.parquet"))


def write_logical():
    # no JSON Lines twin: ParquetFileTest and the cli's TasksCommandTest state the expected text themselves
    pq.write_table(logical_table(), os.path.join(OUT, "logical.parquet"), compression="SNAPPY")


if __name__ == "__main__":
    main()
