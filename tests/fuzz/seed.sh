#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the fixtures: rule files for the parser and the checker,
# cases (good and bad) for the decoder and the evaluators. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
for target in parse check; do
  mkdir -p "$here/corpus/$target"
  n=0
  for policy in "$root"/policy/*.hall "$root"/policy/zh/*.hall "$root"/tests/fixtures/policies/*.hall \
                "$root"/tests/fixtures/bad-policies/*.hall; do
    cp "$policy" "$here/corpus/$target/seed-$n.hall"
    n=$((n + 1))
  done
done
for target in case_decode evaluate_native evaluate_component differential; do
  mkdir -p "$here/corpus/$target"
  n=0
  for case in "$root"/tests/fixtures/cases/*/*.json "$root"/tests/fixtures/bad-cases/*.json; do
    [ -f "$case" ] || continue
    cp "$case" "$here/corpus/$target/seed-$n.json"
    n=$((n + 1))
  done
done
