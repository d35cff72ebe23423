#!/usr/bin/env python3
"""Writes target/bench/qa-1m.parquet (1,000,000 rows: id, question, answer, tags; SNAPPY, dictionary where it
pays) for ParquetReadBenchmark, and prints how long pyarrow takes to turn it into Python rows."""
import os
import random
import time

import pyarrow as pa
import pyarrow.parquet as pq

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "bench", "qa-1m.parquet")
os.makedirs(os.path.dirname(out), exist_ok=True)
n = 1_000_000
rnd = random.Random(1)
table = pa.table({
    "id": pa.array(range(n), pa.int64()),
    "question": ["What is %d plus %d? Answer with a number." % (rnd.randrange(1000), rnd.randrange(1000))
                 for _ in range(n)],
    "answer": pa.array([rnd.randrange(2000) for _ in range(n)], pa.int64()),
    "tags": [["arith", "easy"] if i % 3 else ["arith"] for i in range(n)],
})
pq.write_table(table, out, compression="SNAPPY")
print("wrote", out, os.path.getsize(out), "bytes")
start = time.perf_counter()
rows = 0
for batch in pq.ParquetFile(out).iter_batches():
    rows += len(batch.to_pylist())
print("pyarrow iter_batches().to_pylist(): %d rows in %.2f s = %.0f rows/s" % (
    rows, time.perf_counter() - start, rows / (time.perf_counter() - start)))
