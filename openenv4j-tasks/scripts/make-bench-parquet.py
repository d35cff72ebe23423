#!/usr/bin/env python3
"""Writes a benchmark file for ParquetReadBenchmark: id, question, answer, tags, written in chunks of a million
rows with SNAPPY compression and dictionaries where they pay, and prints how long pyarrow takes to turn it into
Python rows.

    make-bench-parquet.py [rows] [out]     (defaults: 1,000,000 rows, target/bench/qa-1m.parquet)

docs/tasks.md uses 40,000,000 rows (about 1 GB): make-bench-parquet.py 40000000 target/bench/qa-1g.parquet
"""
import os
import random
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                          "target", "bench", "qa-1m.parquet")
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
rnd = random.Random(1)
schema = pa.schema([("id", pa.int64()), ("question", pa.string()), ("answer", pa.int64()),
                    ("tags", pa.list_(pa.string()))])
chunk = 1_000_000
with pq.ParquetWriter(out, schema, compression="SNAPPY") as writer:
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        writer.write_table(pa.table({
            "id": pa.array(range(start, start + m), pa.int64()),
            "question": ["What is %d plus %d? Answer with a number (row %d)." % (rnd.randrange(1000),
                                                                                rnd.randrange(1000), start + i)
                         for i in range(m)],
            "answer": pa.array([rnd.randrange(2000) for _ in range(m)], pa.int64()),
            "tags": [["arith", "easy"] if i % 3 else ["arith"] for i in range(m)],
        }, schema=schema))
print("wrote", out, os.path.getsize(out), "bytes")
if n <= 5_000_000:
    start = time.perf_counter()
    rows = 0
    for batch in pq.ParquetFile(out).iter_batches():
        rows += len(batch.to_pylist())
    print("pyarrow iter_batches().to_pylist(): %d rows in %.2f s = %.0f rows/s" % (
        rows, time.perf_counter() - start, rows / (time.perf_counter() - start)))
