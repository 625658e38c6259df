# Shared helpers of the benchmark scripts: build octosync, start a sandbox,
# generate seeds, read the sandbox's request log. Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
BIN="$WORK/octosync"
SANDBOX_PID=""

# cleanup removes the work folder, or with KEEP_WORK=DIR moves it into DIR:
# on ext4, creating files right after many were deleted is several times
# slower (the allocator skips inodes freed in the last minutes, one by
# one), so a run's cleanup would slow the file-heavy runs that follow it
# (docs/performance.md).
cleanup() {
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then mv "$WORK" "$KEEP_WORK/"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# build: the octosync under test, built from this checkout; OCTOSYNC_BIN
# names a prebuilt one instead (to measure older code the same way).
build() {
  if [ -n "${OCTOSYNC_BIN:-}" ]; then cp "$OCTOSYNC_BIN" "$BIN"; return; fi
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

# seed_org BUSINESSES ARTICLES WORKFLOWS RULES FILE: a seed with one
# organization of BUSINESSES businesses ("b01", ...), each holding ARTICLES
# articles, WORKFLOWS workflows (with a condition provider and a variant)
# and RULES bot rules (the first 20 enabled: the API allows 25 per business).
seed_org() {
  python3 - "$@" <<'PY'
import json, sys
nb, na, nw, nr, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
businesses = []
for b in range(1, nb + 1):
    businesses.append({
        "slug": f"b{b:02d}", "name": f"Business {b}",
        "articles": [{"title": f"Article {i:06d}", "language": "en", "tags": ["bench"], "enabled": True,
                      "content": f"# Article {i}\n\nBody of article {i}.\n\nIt has two paragraphs.\n"} for i in range(1, na + 1)],
        "workflows": [{"title": f"Workflow {i:03d}", "trigger": "When the customer asks.", "instructions": "1. Look it up.\n2. Answer.\n",
                       "actions": ["getOrderById"], "conditionProvider": "def evaluate_conditions(context):\n    return {\"vip\": False}\n",
                       "variants": [{"name": "VIP", "condition": "vip", "instructions": "Be extra nice.\n"}], "enabled": True} for i in range(1, nw + 1)],
        "botRules": [{"title": f"Rule {i:03d}", "content": "Keep answers short.", "enabled": i <= 20} for i in range(1, nr + 1)],
    })
json.dump({"organizations": [{"name": "bench", "apiKeys": ["sandbox-key"], "businesses": businesses}]}, open(out, "w"))
PY
}
