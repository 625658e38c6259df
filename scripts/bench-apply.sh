#!/usr/bin/env bash
# bench-apply.sh: the time `octosync apply` takes.
#
# 1. 500 updates against `sandbox serve --latency 20ms` with --parallelism 8:
#    bound = 500 × 20 ms ÷ 8 = 1.25 s of writes, plus start-up (the plan
#    before it, measured separately). Target: within 1.3× of the bound plus
#    start-up.
# 2. 300 updates against `sandbox serve --rate-limit 50` (burst 50): the
#    client must adapt to the server's limit without a single change
#    failing. Bound: 300 ÷ 50 = 6 s. Target: within 1.2× (7.2 s), no failure.
# 3. The same with --burst 10: a bucket a fifth of a second deep, so the
#    client cannot lean on the burst and must find the rate itself. Same
#    bound and target.
source "$(dirname "$0")/lib.sh"

build

# edit_all DIR: change the body of every article of the exported repository.
edit_all() {
  find "$1/businesses" -name '*.md' -print0 | xargs -0 sed -i 's/It has two paragraphs\./It has two paragraphs, revised./'
}

echo "bench-apply 1: 500 updates, latency 20ms, parallelism 8"
seed_articles 500 "$WORK/seed1.json"
start_sandbox --seed "$WORK/seed1.json" --latency 20ms
"$BIN" pull --dir "$WORK/r1" >/dev/null
edit_all "$WORK/r1"
t0=$(now); "$BIN" plan --dir "$WORK/r1" --parallelism 8 >/dev/null || true; t1=$(now)
startup=$(elapsed "$t0" "$t1")
clear_requests
t0=$(now)
"$BIN" apply --dir "$WORK/r1" --auto-approve --parallelism 8 >"$WORK/apply1.out" 2>/dev/null
t1=$(now)
wall=$(elapsed "$t0" "$t1")
read -r total bymethod < <(requests_summary)
bound=$(python3 -c "print(f'{500 * 0.020 / 8:.3f}')")
target=$(python3 -c "print(f'{1.3 * $bound + $startup:.3f}')")
echo "  result:     $(tail -n 1 "$WORK/apply1.out")"
echo "  requests:   $total ($bymethod)"
echo "  wall time:  ${wall}s"
echo "  bound:      ${bound}s of writes + ${startup}s start-up (the plan, measured alone)"
echo "  target:     ${target}s"
python3 -c "import sys; sys.exit(0 if $wall <= $target else 1)" && echo "  verdict:    within target" || echo "  verdict:    OVER target"
stop_sandbox

# rate_case N BURST: 300 updates against `sandbox serve --rate-limit 50
# --burst BURST`. The client must find the server's rate, whatever the
# bucket's size, without a single change failing. Bound: 300 ÷ 50 = 6 s.
# Target: within 1.2× (7.2 s), no failure.
rate_case() {
  local n=$1 burst=$2
  echo "bench-apply $n: 300 updates, server rate limit 50 requests/s, burst $burst"
  seed_articles 300 "$WORK/seed$n.json"
  start_sandbox --seed "$WORK/seed$n.json" --rate-limit 50 --burst "$burst"
  "$BIN" pull --dir "$WORK/r$n" >/dev/null
  edit_all "$WORK/r$n"
  clear_requests
  sleep 1.5 # let the bucket refill after the export
  t0=$(now)
  set +e
  "$BIN" apply --dir "$WORK/r$n" --auto-approve --parallelism 8 >"$WORK/apply$n.out" 2>/dev/null
  rc=$?
  set -e
  t1=$(now)
  wall=$(elapsed "$t0" "$t1")
  read -r total bymethod < <(requests_summary)
  limited=$(curl -fsS "$BASE/_sandbox/requests" | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["status"] == 429))')
  echo "  result:     $(tail -n 1 "$WORK/apply$n.out") (exit $rc)"
  echo "  requests:   $total ($bymethod), $limited answered 429"
  echo "  wall time:  ${wall}s"
  echo "  bound:      6.000s (300 ÷ 50/s); target 7.200s with no failed change"
  python3 -c "import sys; sys.exit(0 if $wall <= 7.2 and $rc == 0 else 1)" && echo "  verdict:    within target" || echo "  verdict:    OVER target"
  stop_sandbox
}

rate_case 2 50
rate_case 3 10
