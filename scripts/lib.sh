# Shared helpers of the benchmark scripts: build octosync, start a sandbox,
# generate seeds, read the sandbox's request log. Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
BIN="$WORK/octosync"
SANDBOX_PID=""

cleanup() {
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

build() {
  (cd "$ROOT" && go build -o "$BIN" .)
}

# seed_articles N FILE: a seed with one business "demo" holding N articles.
seed_articles() {
  local n=$1 file=$2 i sep=""
  {
    printf '{"organizations": [{"name": "bench", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo", "articles": ['
    for ((i = 1; i <= n; i++)); do
      printf '%s{"title": "Article %05d", "content": "Body of article %d.\\n\\nIt has two paragraphs.", "language": "en", "tags": ["bench"], "enabled": true}' "$sep" "$i" "$i"
      sep=","
    done
    printf ']}]}]}\n'
  } >"$file"
}

# start_sandbox ARGS...: start `octosync sandbox serve` on a free port and
# set BASE (http://127.0.0.1:PORT) and OCTOCOM_API_URL.
start_sandbox() {
  local out="$WORK/serve.out"
  "$BIN" sandbox serve --addr 127.0.0.1:0 "$@" >"$out" 2>"$WORK/serve.err" &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do
    if grep -q 'sandbox listening on' "$out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  export OCTOCOM_API_URL
  OCTOCOM_API_URL=$(sed -n 's/^sandbox listening on //p' "$out")
  BASE=${OCTOCOM_API_URL%/rest/v1}
  export OCTOCOM_API_KEY=sandbox-key
}

stop_sandbox() {
  kill "$SANDBOX_PID" 2>/dev/null || true
  wait "$SANDBOX_PID" 2>/dev/null || true
  SANDBOX_PID=""
}

clear_requests() { curl -fsS -X DELETE "$BASE/_sandbox/requests" >/dev/null; }

# requests_by_method: "GET 43 PUT 0 ..." from the request log.
requests_summary() {
  curl -fsS "$BASE/_sandbox/requests" | python3 -c '
import collections, json, sys
reqs = json.load(sys.stdin)["requests"]
c = collections.Counter(r["method"] for r in reqs)
print(len(reqs), " ".join(f"{m}={c[m]}" for m in sorted(c)))'
}

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
