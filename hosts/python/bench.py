"""Per-call time of the Python host: `python hosts/python/bench.py COMPONENT CASE`."""

import statistics
import sys
import time

import hallpolicy

hall = hallpolicy.Hall.load(sys.argv[1])
case = open(sys.argv[2], encoding="utf-8").read()
for _ in range(200):
    hall.evaluate_json(case)
batches = []
for _ in range(15):
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        hall.evaluate_json(case)
    batches.append((time.perf_counter() - start) / n)
print(f"python per call (evaluate_json, median of 15 batches): {statistics.median(batches) * 1e6:.1f} µs")
