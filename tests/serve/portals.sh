#!/usr/bin/env bash
# Real clients against `hall serve` (started here on a loopback port of its choosing and
# stopped with SIGTERM): the Java portal client (hosts/java) and schemathesis against the
# OpenAPI document. Needs $HALL_BIN, a JDK, Debian's libjackson2-databind-java and schemathesis.
set -euo pipefail
cd "$(dirname "$0")/../.."
hall=${HALL_BIN:-target/debug/hall}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'ops %s\n' "admin-$RANDOM$RANDOM" > "$work/admin.tokens"
admin=$(cut -d' ' -f2 "$work/admin.tokens")

"$hall" serve policy --addr 127.0.0.1:0 --admin-token-file "$work/admin.tokens" 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 600); do
  grep -q '正在监听' "$work/serve.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^hall serve：正在监听 //p' "$work/serve.log")
echo "serving at $base"

echo "-- the Java portal client"
jars=/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar
javac -d "$work/java" -cp "$jars" hosts/java/PortalClient.java
sample="tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json"
java -cp "$work/java:$jars" PortalClient "$base" baicheng-004 "$sample" > "$work/java.out"
# What the Java client must print: the obligations of `hall eval --format json`, in its layout.
"$hall" eval --format json policy/baicheng-004.hall "$sample" | python3 -c '
import json, sys
e = json.load(sys.stdin)
print(e["hall"], "as of", e["as_of"])
for o in e["obligations"]:
    print("\t".join([o["status"], o["rule"], o["due"] or "-", o["citation"]["article"], o["title"]]))
print(len(e["violations"]), "violations")' > "$work/expected.out"
diff -u "$work/expected.out" "$work/java.out"
grep -q $'^breached\t一次性告知\t2026-06-02T00:00:00+08:00\t第十六条(二)1、3' "$work/java.out"
cat "$work/java.out"
if java -cp "$work/java:$jars" PortalClient "$base" baicheng-004 tests/fixtures/bad-cases/impossible-date.json > "$work/refused.out"; then
  echo "a bad case was not refused"; exit 1
fi
grep -q '^refused 400 at `' "$work/refused.out"
cat "$work/refused.out"

echo "-- schemathesis against /openapi.json"
SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=tests/serve schemathesis run "$base/openapi.json" \
  -H "Authorization: Bearer $admin" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --phases examples,fuzzing,stateful --max-examples 100 --workers 2 --seed 1

echo "-- graceful stop on SIGTERM"
kill -TERM "$server"
wait "$server"
grep -q '正在停止，待处理中的请求办完' "$work/serve.log"
echo "portal clients: ok"
