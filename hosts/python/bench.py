"""Per-call time of the Python host: `python hosts/python/bench.py COMPONENT CASE [COMPONENT_B]`.

With a second component, batches of the two alternate (so a noisy machine slows both alike)
and the ratio B/A is printed as well.
"""

import statistics
import sys
import time

import hallpolicy

halls = [hallpolicy.Hall.load(path) for path in [sys.argv[1], *sys.argv[3:4]]]
case = open(sys.argv[2], encoding="utf-8").read()
for hall in halls:
    for _ in range(200):
        hall.evaluate_json(case)
batches = [[] for _ in halls]
for _ in range(15):
    for hall, times in zip(halls, batches):
        n = 2000
        start = time.perf_counter()
        for _ in range(n):
            hall.evaluate_json(case)
        times.append((time.perf_counter() - start) / n)
medians = [statistics.median(times) * 1e6 for times in batches]
for name, median in zip("AB", medians):
    print(f"python per call (evaluate_json, median of 15 batches){' ' + name if len(halls) > 1 else ''}: {median:.1f} µs")
if len(halls) > 1:
    print(f"B/A: {medians[1] / medians[0]:.3f}")
