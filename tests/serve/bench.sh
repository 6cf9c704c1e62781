#!/usr/bin/env bash
# The service's benchmark (BENCHMARKS.md, "hall serve"): requests/s and latency of the README's
# sample case at 1, 8 and 64 connections with wrk, next to `hall eval --batch` on the same case
# in the same run, and the server's memory over a 60 s run. Release build; Debian's wrk.
# The server and the batch share CPU 0 and wrk has CPU 1, as a portal's load comes from other
# machines: the ratio of the two then compares them on the same core, not wrk's share of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
hall=target/release/hall
sample="tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
seconds=${SECONDS_PER_RUN:-20}

taskset -c 0 "$hall" serve policy/baicheng-004.hall --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
until grep -q '正在监听' "$work/serve.log"; do sleep 0.05; done
base=$(sed -n 's/^hall serve：正在监听 //p' "$work/serve.log")
url="$base/v1/halls/baicheng-004/evaluate"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$sample", "rb"); wrk.body = f:read("*a"); f:close()
LUA
curl -sf -H 'content-type: application/json' --data-binary @"$sample" "$url" > "$work/answer.json"
"$hall" eval --format json policy/baicheng-004.hall "$sample" | cmp - "$work/answer.json"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
for connections in 1 8 64; do
  # The 64-connection run is the 60 s one that memory is read across.
  duration=$([ "$connections" = 64 ] && echo 60 || echo "$seconds")
  echo "== $connections connections, $duration s"
  [ "$connections" = 64 ] && echo "server RSS before: $(rss) KiB"
  taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$url" \
    | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
  [ "$connections" = 64 ] && echo "server RSS after: $(rss) KiB"
done

echo "== hall eval --batch, the same case, in process on the server's core, 1 job"
python3 -c "import json,sys; line=json.dumps(json.load(open(sys.argv[1])),ensure_ascii=False); open(sys.argv[2],'w').write((line+'\n')*200000)" "$sample" "$work/batch.jsonl"
start=$(date +%s.%N)
taskset -c 0 "$hall" eval --batch --jobs 1 policy/baicheng-004.hall "$work/batch.jsonl" > "$work/batch.out" 2>/dev/null
end=$(date +%s.%N)
python3 -c "import sys; n=200000; t=float(sys.argv[2])-float(sys.argv[1]); print(f'{n} cases in {t:.2f} s: {n/t:.0f} cases/s')" "$start" "$end"
