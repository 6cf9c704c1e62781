"""Evaluate the sample case against the 白城 policy:

    cargo run -q -p hall -- build policy/baicheng-004.hall -o baicheng-004.wasm
    python hosts/python/example.py baicheng-004.wasm tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json
"""

import sys

import hallpolicy

hall = hallpolicy.Hall.load(sys.argv[1])
evaluation = hall.evaluate(open(sys.argv[2], encoding="utf-8").read())
for o in evaluation.obligations:
    print(f"{o.status:8} {o.rule}  due {o.due}  ({o.citation.article})")
for v in evaluation.violations:
    print(f"VIOLATION {v.what}")
