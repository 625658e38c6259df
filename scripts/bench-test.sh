#!/usr/bin/env bash
# bench-test.sh: the time `octosync test` takes for many conversations.
#
# Starts `octosync sandbox serve --latency 20ms` with one business of 10
# articles, writes 200 conversation tests of 3 turns each, then times
# `octosync test` and prints the requests it made, the wall time and the
# bound the parallelism allows: a conversation's requests are sequential
# (start, then one message per turn), and at most PARALLELISM
# conversations are in flight, so
#   bound = ceil(conversations ÷ parallelism) × (1 + turns) × latency
# Target: within 1.3× of the bound.
source "$(dirname "$0")/lib.sh"

CONVERSATIONS=${CONVERSATIONS:-200}
TURNS=3
LATENCY_MS=${LATENCY_MS:-20}
PARALLELISM=${PARALLELISM:-8}
PER_FILE=10

build

# The live business: articles "Topic 01".."Topic 10", each about its topic.
{
  printf '{"organizations": [{"name": "bench", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo", "articles": ['
  sep=""
  for i in $(seq -w 1 10); do
    printf '%s{"title": "Topic %s", "content": "Everything about topic%s: answer %s.", "language": "en", "tags": ["topic%s"], "enabled": true}' "$sep" "$i" "$i" "$i" "$i"
    sep=","
  done
  printf ']}]}]}\n'
} >"$WORK/seed.json"

# The repository: CONVERSATIONS tests of TURNS turns, PER_FILE per file.
mkdir -p "$WORK/repo/businesses/demo/tests"
echo "version: 1" >"$WORK/repo/octosync.yaml"
for ((f = 0; f < CONVERSATIONS / PER_FILE; f++)); do
  file="$WORK/repo/businesses/demo/tests/bench-$f.yaml"
  echo "tests:" >"$file"
  for ((t = 0; t < PER_FILE; t++)); do
    printf '  - name: Conversation %d\n    turns:\n' "$((f * PER_FILE + t))" >>"$file"
    for ((k = 0; k < TURNS; k++)); do
      n=$(printf '%02d' $(( (f + t + k) % 10 + 1 )))
      printf '      - customer: Tell me about topic%s please\n        expect: {contains: answer %s}\n' "$n" "$n" >>"$file"
    done
  done
done

start_sandbox --seed "$WORK/seed.json" --latency "${LATENCY_MS}ms"
clear_requests
t0=$(now)
"$BIN" test --dir "$WORK/repo" --parallelism "$PARALLELISM" >"$WORK/test.out"
t1=$(now)
wall=$(elapsed "$t0" "$t1")
read -r total bymethod < <(requests_summary)

bound=$(python3 -c "import math; print(f'{math.ceil($CONVERSATIONS / $PARALLELISM) * (1 + $TURNS) * $LATENCY_MS / 1000:.3f}')")
target=$(python3 -c "print(f'{1.3 * $bound:.3f}')")
echo "bench-test: $CONVERSATIONS conversations × $TURNS turns, latency ${LATENCY_MS}ms, parallelism $PARALLELISM"
echo "  result:     $(tail -n 1 "$WORK/test.out")"
echo "  requests:   $total ($bymethod); expected $CONVERSATIONS × (1 + $TURNS) = $((CONVERSATIONS * (1 + TURNS)))"
echo "  wall time:  ${wall}s"
echo "  bound:      ${bound}s (ceil($CONVERSATIONS / $PARALLELISM) × $((1 + TURNS)) requests × ${LATENCY_MS}ms)"
echo "  target:     ${target}s (1.3 × bound)"
python3 -c "import sys; sys.exit(0 if $wall <= $target else 1)" && echo "  verdict:    within target" || { echo "  verdict:    OVER target"; exit 1; }
