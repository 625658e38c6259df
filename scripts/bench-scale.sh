#!/usr/bin/env bash
# bench-scale.sh: octosync on a large organization, against the request bound.
#
# Seeds `octosync sandbox serve` with BUSINESSES businesses of ARTICLES
# articles, WORKFLOWS workflows and RULES bot rules each (default 10 × (1,000
# + 40 + 40) = 10,800 resources), serves it with LATENCY_MS of latency per
# request, and times, RUNS times each (median reported):
#
#   export   `pull` into an empty folder (a bulk export)
#   requests the export's GET requests alone, sent again by
#            internal/tools/replay from the export's --trace at the same
#            parallelism, nothing else done and no request waiting for
#            another but the first: the floor of the export's time on this
#            sandbox and machine (not run with RATE_LIMIT: it does not pace)
#   validate reading and checking the exported files (no network)
#   plan     a no-op `plan` of the export
#   apply    `apply --auto-approve` of UPDATES edited articles
#   files    the export's files created with nothing else, by
#            internal/tools/filebench (the kernel's own cost, to compare
#            with the export's system time)
#
# Each line prints the requests the run made (from the sandbox's log), the
# median wall time, the bound and the ratio of the two. The bound is
#   requests × latency ÷ parallelism
# or, with RATE_LIMIT set (the sandbox's --rate-limit, with --burst BURST),
# the larger of that and the rate bound (requests − burst) ÷ rate. With
# GNU time (/usr/bin/time), else /proc, it also prints the most memory a run
# used, and with GNU time the median CPU time of the octosync process, in
# user space + in the kernel: the first grows with octosync's own work,
# the second mostly with the files it creates (compare workload files);
# it leaves out the sandbox's CPU.
#
# Examples (docs/performance.md):
#   scripts/bench-scale.sh                                  # 10,800 resources, 50 ms
#   RATE_LIMIT=50 BURST=10 scripts/bench-scale.sh           # rate-limited server
#   ARTICLES=10000 LATENCY_MS=0 WORKLOADS="export validate plan" scripts/bench-scale.sh
#   PARALLELISM=4 scripts/bench-scale.sh                    # another --parallelism
#   OCTOSYNC_BIN=/path/to/old/octosync scripts/bench-scale.sh   # older code, same runs
# Benchmarks report; the script fails only when a command fails.
source "$(dirname "$0")/lib.sh"

BUSINESSES=${BUSINESSES:-10}
ARTICLES=${ARTICLES:-1000}
WORKFLOWS=${WORKFLOWS:-40}
RULES=${RULES:-40}
LATENCY_MS=${LATENCY_MS:-50}
UPDATES=${UPDATES:-1000}
RUNS=${RUNS:-3}
RATE_LIMIT=${RATE_LIMIT:-}
BURST=${BURST:-10}
PARALLELISM=${PARALLELISM:-}
WORKLOADS=${WORKLOADS:-export requests validate plan apply}
GNU_TIME=${GNU_TIME-/usr/bin/time} # "" measures memory through /proc instead

build
(cd "$ROOT" && go build -o "$WORK/filebench" ./internal/tools/filebench && go build -o "$WORK/replay" ./internal/tools/replay)
par_flag=()
if [ -n "$PARALLELISM" ]; then par_flag=(--parallelism "$PARALLELISM"); fi
par=${PARALLELISM:-$("$BIN" plan --help | sed -n 's/.*--parallelism=\([0-9]*\).*/\1/p')}
seed_org "$BUSINESSES" "$ARTICLES" "$WORKFLOWS" "$RULES" "$WORK/seed.json"
serve=(--seed "$WORK/seed.json")
if [ "$LATENCY_MS" != 0 ]; then serve+=(--latency "${LATENCY_MS}ms"); fi
if [ -n "$RATE_LIMIT" ]; then serve+=(--rate-limit "$RATE_LIMIT" --burst "$BURST"); fi
start_sandbox "${serve[@]}"
resources=$((BUSINESSES * (ARTICLES + WORKFLOWS + RULES)))
echo "bench-scale: $resources resources ($BUSINESSES × ($ARTICLES articles, $WORKFLOWS workflows, $RULES bot rules)), latency ${LATENCY_MS}ms, parallelism $par${RATE_LIMIT:+, server rate limit $RATE_LIMIT/s burst $BURST}, median of $RUNS runs"
printf '  %-9s %9s %10s %9s %7s %12s %9s  %s\n' workload requests "wall (s)" "bound (s)" ratio "user+sys (s)" "max RSS" "all runs (s)"

# timed OUT CMD...: run CMD, output to OUT; set WALL (seconds), RSS (the
# largest resident size in MB: from GNU time when present, else the last
# VmHWM read from /proc while the command ran, every 50 ms) and CPU (user
# and system seconds, "U:S", from GNU time; "-" without it).
timed() {
  local out=$1; shift
  local t0 t1 pid hwm=0 kb rc=0
  CPU=-
  if [ -x "$GNU_TIME" ]; then
    t0=$(now); "$GNU_TIME" -f '%M %U %S' -o "$WORK/rss" "$@" >"$out" 2>"$out.err" || rc=$?; t1=$(now)
    read -r kb user sys < <(tail -n 1 "$WORK/rss")
    RSS=$((kb / 1024))MB CPU=$user:$sys
  else
    t0=$(now)
    "$@" >"$out" 2>"$out.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      if [ -n "$kb" ]; then hwm=$kb; fi
      sleep 0.05
    done
    wait "$pid" || rc=$?
    t1=$(now)
    RSS=$((hwm / 1024))MB
  fi
  WALL=$(elapsed "$t0" "$t1")
  if [ "$rc" != 0 ]; then tail -n 5 "$out" "$out.err"; echo "bench-scale: $* exited $rc" >&2; exit 1; fi
}

# report NAME REQUESTS RSS CPUS WALL...: one line, the median of the walls
# (and of the user and system CPU times, CPUS being the runs' "U:S" joined
# by commas).
report() {
  local name=$1 reqs=$2 rss=$3 cpus=$4; shift 4
  python3 - "$name" "$reqs" "$rss" "$LATENCY_MS" "$par" "${RATE_LIMIT:-0}" "$BURST" "$cpus" "$@" <<'PY'
import statistics, sys
name, reqs, rss, lat, par, rate, burst = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
cpus = [c.split(":") for c in sys.argv[8].split(",") if ":" in c]
cpu = "—"
if cpus:
    cpu = f"{statistics.median(float(u) for u, _ in cpus):.2f}+{statistics.median(float(s) for _, s in cpus):.2f}"
walls = [float(w) for w in sys.argv[9:]]
med = statistics.median(walls)
offline = name in ("validate", "files")
bound = reqs * lat / 1000 / par if not offline else 0
if rate > 0 and not offline:
    bound = max(bound, (reqs - burst) / rate)
ratio = f"{med / bound:.2f}" if bound > 0 else "—"
b = f"{bound:.2f}" if bound > 0 else "—"
print(f"  {name:<9} {reqs:>9} {med:>10.2f} {b:>9} {ratio:>7} {cpu:>12} {rss:>9}  {' '.join(f'{w:.2f}' for w in walls)}")
PY
}

# One export kept as the repository the other workloads use, its requests
# traced for workload requests.
"$BIN" pull --dir "$WORK/repo" --trace "$WORK/export.har" "${par_flag[@]}" >/dev/null
git -C "$WORK/repo" init -q
git -C "$WORK/repo" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$WORK/repo" -c user.name=bench -c user.email=bench@example.com commit -qm export

for workload in $WORKLOADS; do
  walls=() cpus="" reqs=0 rss=-
  for ((run = 1; run <= RUNS; run++)); do
    case $workload in
    export)
      # Each run into a folder of its own, all removed at the end: ext4
      # creates files slowly right after as many were deleted (it skips
      # recently freed inodes), which would charge the last run's cleanup
      # to this one.
      sync; sleep 0.5 # a quiet disk and a full bucket for each run
      clear_requests
      timed "$WORK/out" "$BIN" pull --dir "$WORK/export-$run" "${par_flag[@]}"
      ;;
    requests)
      if [ -n "$RATE_LIMIT" ]; then echo "  requests  (not run with RATE_LIMIT: replay does not pace its requests)"; continue 2; fi
      sync; sleep 0.5
      clear_requests
      timed "$WORK/out" "$WORK/replay" -parallelism "$par" "$WORK/export.har"
      ;;
    validate)
      timed "$WORK/out" "$BIN" validate --dir "$WORK/repo"
      ;;
    plan)
      sleep 0.5
      clear_requests
      timed "$WORK/out" "$BIN" plan --dir "$WORK/repo" "${par_flag[@]}"
      grep -q 'No changes' "$WORK/out" || { cat "$WORK/out" "$WORK/out.err"; echo "bench-scale: the plan is not in sync" >&2; exit 1; }
      ;;
    apply)
      # UPDATES articles get a new body, spread over the businesses.
      python3 - "$WORK/repo" "$UPDATES" "$BUSINESSES" "$run" <<'PY'
import glob, os, sys
repo, n, nb, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
per = -(-n // nb)
done = 0
for b in sorted(glob.glob(os.path.join(repo, "businesses", "*"))):
    for f in sorted(glob.glob(os.path.join(b, "articles", "*.md")))[:min(per, n - done)]:
        with open(f, "a") as fh:
            fh.write(f"\nRevision {run}.\n")
        done += 1
PY
      git -C "$WORK/repo" -c user.name=bench -c user.email=bench@example.com commit -qam "revision $run"
      sleep 1.5 # a full bucket, as for every other run
      clear_requests
      timed "$WORK/out" "$BIN" apply --dir "$WORK/repo" --auto-approve "${par_flag[@]}"
      grep -q "Applied $UPDATES changes, 0 failed" "$WORK/out" || { tail -n 5 "$WORK/out" "$WORK/out.err"; echo "bench-scale: apply did not update $UPDATES articles" >&2; exit 1; }
      ;;
    files)
      sync; sleep 0.5
      "$WORK/filebench" "$WORK/repo" "$WORK/files-$run" >"$WORK/out"
      read -r _ _ _ WALL _ user _ sys <"$WORK/out"
      CPU=$user:$sys RSS=-
      ;;
    *) echo "bench-scale: unknown workload $workload" >&2; exit 2 ;;
    esac
    walls+=("$WALL") rss=$RSS cpus+="$CPU,"
    case $workload in validate | files) ;; *) read -r reqs _ < <(requests_summary) ;; esac
    if [ -n "$RATE_LIMIT" ] && [ "$workload" != validate ] && [ "$workload" != files ]; then
      limited=$(curl -fsS "$BASE/_sandbox/requests" | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["status"] == 429))')
      [ "$limited" = 0 ] || echo "  ($workload run $run: $limited answered 429)"
    fi
  done
  report "$workload" "$reqs" "$rss" "$cpus" "${walls[@]}"
done
