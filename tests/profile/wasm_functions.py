"""Instructions per wasm function of one component call, from callgrind.

Valgrind sees wasmtime's compiled code only as addresses. `profile_component` run with
HALL_PROFILE_PERFMAP=1 leaves a map of them (/tmp/perf-PID.map, `wasm[0]::function[K]`); the
evaluator built without stripping names them. `hall build` drops the evaluator's two
`hallpolicy:ir` imports and appends their constant functions, so function K of the component is
function K + 2 of the evaluator. The flags must be those `hosts/cli/build.rs` builds it with.

    CARGO_PROFILE_GUEST_STRIP=false \\
    CARGO_ENCODED_RUSTFLAGS=$'-Ctarget-feature=+simd128\\x1f-Cllvm-args=-inline-threshold=425' \\
    cargo build -p hallpolicy-guest \\
        --target wasm32-unknown-unknown --profile guest --target-dir /tmp/named
    HALL_PROFILE_PERFMAP=1 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        target/release/examples/profile_component HALL.wasm CASE.json 600
    python3 tests/profile/wasm_functions.py /tmp/cg.out /tmp/perf-PID.map \\
        /tmp/named/wasm32-unknown-unknown/guest/hallpolicy_guest.wasm 600

Counts are per call (total over calls; the few calls' worth of start-up code is noise).
"""

import bisect
import re
import subprocess
import sys


def leb128(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(module):
    at = 8
    while at < len(module):
        size, start = leb128(module, at + 1)
        yield module[at], module[start : start + size]
        at = start + size


def function_names(module):
    """The name section's function names, and how many functions the module imports."""
    names, imported = {}, 0
    for kind, body in sections(module):
        if kind == 2:
            count, at = leb128(body, 0)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    size, at = leb128(body, at)
                    at += size
                if body[at] != 0:
                    sys.exit("the evaluator imports something other than functions")
                _, at = leb128(body, at + 1)
                imported += 1
        if kind == 0:
            size, at = leb128(body, 0)
            if body[at : at + size] != b"name":
                continue
            at += size
            while at < len(body):
                sub, (size, at) = body[at], leb128(body, at + 1)
                if sub == 1:
                    count, k = leb128(body, at)
                    for _ in range(count):
                        index, k = leb128(body, k)
                        length, k = leb128(body, k)
                        names[index] = body[k : k + length].decode()
                        k += length
                at += size
    return names, imported


def main(callgrind_out, perf_map, evaluator, calls, top=40):
    names, imported = function_names(open(evaluator, "rb").read())
    defined = len(names) - imported
    ranges = []
    for line in open(perf_map):
        start, size, name = line.split(" ", 2)
        ranges.append((int(start, 16), int(size, 16), name.strip()))
    ranges.sort()
    starts = [r[0] for r in ranges]
    listing = subprocess.run(
        ["callgrind_annotate", "--threshold=100", callgrind_out], capture_output=True, text=True, check=True
    ).stdout
    per_function, total = {}, 0
    for line in listing.splitlines():
        found = re.match(r"\s*([\d,]+) .*\?\?\?:0x([0-9a-f]+)", line)
        if not found:
            continue
        cost, address = int(found.group(1).replace(",", "")), int(found.group(2), 16)
        i = bisect.bisect_right(starts, address) - 1
        name = "(outside compiled wasm)"
        if i >= 0 and address < ranges[i][0] + ranges[i][1]:
            name = ranges[i][2]
            index = re.search(r"function\[(\d+)\]", name)
            if index:
                k = int(index.group(1))
                name = names.get(k + imported, name) if k < defined else f"constant import {k - defined}"
        per_function[name] = per_function.get(name, 0) + cost
        total += cost
    print(f"{total // calls} instructions a call in compiled wasm")
    for name, cost in sorted(per_function.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{cost // calls:8d}  {re.sub(r'17h[0-9a-f]{16}E$', '', name)[:140]}")


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), *(int(a) for a in sys.argv[5:6]))
