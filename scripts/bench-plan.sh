#!/usr/bin/env bash
# bench-plan.sh: the time `octosync plan` takes on a large organization.
#
# Starts `octosync sandbox serve --latency 20ms`, seeds 2,000 articles,
# exports them into a repository (so the plan is in sync and every list page
# is needed), then times `octosync plan` and prints the requests it made,
# the wall time and the theoretical bound, as the issue defines it:
#   bound = list pages × latency ÷ parallelism
# Target: within 1.5× of the bound plus the time to read the files.
source "$(dirname "$0")/lib.sh"

N=${N:-2000}
LATENCY_MS=${LATENCY_MS:-20}
PARALLELISM=${PARALLELISM:-4}

build
seed_articles "$N" "$WORK/seed.json"
start_sandbox --seed "$WORK/seed.json" --latency "${LATENCY_MS}ms"
"$BIN" pull --dir "$WORK/repo" >/dev/null

# Time to read and check the files alone (validate needs no network).
t0=$(now); "$BIN" validate --dir "$WORK/repo" >/dev/null; t1=$(now)
read_s=$(elapsed "$t0" "$t1")

clear_requests
t0=$(now)
"$BIN" plan --dir "$WORK/repo" --parallelism "$PARALLELISM" >"$WORK/plan.out"
t1=$(now)
wall=$(elapsed "$t0" "$t1")
read -r total bymethod < <(requests_summary)

pages=$(( (N + 49) / 50 + 2 ))   # articles + one (empty) page each of workflows and bot rules
bound=$(python3 -c "print(f'{$pages * $LATENCY_MS / 1000 / $PARALLELISM:.3f}')")
target=$(python3 -c "print(f'{1.5 * $bound + $read_s:.3f}')")
echo "bench-plan: $N articles, latency ${LATENCY_MS}ms, parallelism $PARALLELISM"
echo "  result:     $(tail -n 1 "$WORK/plan.out")"
echo "  requests:   $total ($bymethod); expected 1 + $pages list pages = $((pages + 1))"
echo "  wall time:  ${wall}s"
echo "  bound:      ${bound}s (network) + ${read_s}s (reading ${N} files, measured by validate)"
echo "  target:     ${target}s (1.5 × bound + reading)"
python3 -c "import sys; sys.exit(0 if $wall <= $target else 1)" && echo "  verdict:    within target" || echo "  verdict:    OVER target"
