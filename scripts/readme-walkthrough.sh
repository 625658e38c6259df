#!/usr/bin/env bash
# Follows README.md as a new user would, on a fresh clone of the committed
# repository: it runs the README's own command lines, read from README.md
# (every line of every ```sh block), not a copy of them, so that a README
# command that stops working, or a new one nobody tried, fails CI.
#
# Each line runs as written, in the order a newcomer without an account
# takes (the local stand-in first), except the few listed in `instead` and
# `skip` below, each with its reason; a listed line the README no longer
# has fails the walkthrough too. Between blocks, the script does what the
# README tells the reader to do in prose (edit a file) and checks what it
# says happens.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "README walkthrough FAILED: $*" >&2; exit 1; }
export GIT_AUTHOR_NAME="New User" GIT_AUTHOR_EMAIL="new.user@example.com"
export GIT_COMMITTER_NAME="New User" GIT_COMMITTER_EMAIL="new.user@example.com"
unset OCTOCOM_API_URL OCTOCOM_API_KEY

# readme_lines: "HEADING<TAB>N<TAB>COMMAND" for every command line of the
# N-th ```sh block under each heading of README.md, its trailing comment and
# blank lines dropped.
readme_lines() {
  awk '
    /^```sh$/ { inblock = 1; n[heading]++; next }
    /^```/ { inblock = 0; next }
    !inblock && /^#+ / { heading = $0; sub(/^#+ /, "", heading); next }
    inblock {
      line = $0
      sub(/[ \t]+#.*$/, "", line)
      if (line ~ /^[ \t]*(#|$)/) next
      print heading "\t" n[heading] "\t" line
    }' "$src/README.md"
}
mapfile -t all < <(readme_lines)
[ "${#all[@]}" -gt 10 ] || fail "found only ${#all[@]} command lines in README.md"

# Lines run differently, each for running unattended:
declare -A instead=(
  # The walkthrough already stands in a fresh clone of this commit (and
  # has no network).
  ["git clone https://github.com/octosync/octosync && cd octosync"]="cd \"$work/octosync\""
  # Port 8080 may be taken on a CI machine: a free port, the URL read from
  # the line serve prints; in the background, as "another terminal".
  ["octosync sandbox serve --seed example-repo/sandbox-seed.json"]="start_serve"
  ["export OCTOCOM_API_URL=http://127.0.0.1:8080/rest/v1 OCTOCOM_API_KEY=sandbox-key"]='export OCTOCOM_API_URL="$serve_url" OCTOCOM_API_KEY=sandbox-key'
)
# Lines not run here, and why:
declare -A skip=(
  ["go test -short ./..."]="CI runs the tests itself (.ci/run)"
  ["go test -race ./..."]="CI runs the tests itself (.ci/run)"
  ["go test ./internal/cli -run TestScripts -update"]="it rewrites goldens"
  ["bash scripts/readme-walkthrough.sh"]="this script"
  ["export OCTOCOM_API_KEY=..."]="the stand-in's key is exported by \"Try it without an account\""
)
declare -A done_lines=()

# run HEADING [N]: runs the command lines of the N-th (default: first) sh
# block under HEADING, in order; stops at the first that fails. out.txt
# holds the last line's output.
run() {
  local heading=$1 block=${2:-1} entry line rc found=""
  for entry in "${all[@]}"; do
    IFS=$'\t' read -r h n line <<< "$entry"
    [ "$h" = "$heading" ] && [ "$n" = "$block" ] || continue
    found=1
    done_lines["$line"]=1
    if [ -n "${skip[$line]+x}" ]; then
      printf '\n$ %s\n(not run: %s)\n' "$line" "${skip[$line]}"
      continue
    fi
    if [ -n "${instead[$line]+x}" ]; then
      printf '\n$ %s\n(run as: %s)\n' "$line" "${instead[$line]}"
      eval "${instead[$line]}"
      continue
    fi
    printf '\n$ %s\n' "$line"
    set +e
    eval "$line" > "$work/out.txt" 2>&1
    rc=$?
    set -e
    cat "$work/out.txt"
    [ "$rc" = 0 ] || fail "\`$line\` (README, \"$heading\") exited $rc"
  done
  [ -n "$found" ] || fail "README.md has no sh block $block under \"$heading\""
}

start_serve() {
  octosync sandbox serve --seed example-repo/sandbox-seed.json --addr 127.0.0.1:0 > "$work/serve.txt" &
  serve_pid=$!
  for _ in $(seq 100); do grep -q 'sandbox listening on' "$work/serve.txt" 2>/dev/null && break; sleep 0.1; done
  serve_url=$(sed -n 's/^sandbox listening on //p' "$work/serve.txt")
  [ -n "$serve_url" ] || fail "sandbox serve printed no URL"
}

# dashboard_edit: what somebody does in the dashboard meanwhile, through
# the sandbox's X-Sandbox-Actor header.
dashboard_edit() {
  local rule
  rule=$(curl -fsS -H "X-API-Key: sandbox-key" "$serve_url/businesses/northwind-us/bot-rules?page=1" |
    tr '{' '\n' | grep '"Tone of voice"' | sed -n 's/.*"id": *"\([a-z_0-9]*\)".*/\1/p' | head -1)
  [ -n "$rule" ] || fail "no live rule to edit"
  curl -fsS -X PUT -H "X-API-Key: sandbox-key" -H "X-Sandbox-Actor: user:dana" -H "Content-Type: application/json" \
    -d '{"title": "Tone of voice", "content": "Be warm and brief; use the customer'"'"'s first name.", "enabled": true}' \
    "$serve_url/businesses/northwind-us/bot-rules/$rule" > /dev/null
}

git clone -q "$src" "$work/octosync"
cd "$work/octosync"

run "octosync"
grep -q '^Planning against the built-in sandbox, not a live Octocom organization.$' "$work/out.txt" || fail "quickstart: no sandbox line"
grep -q '^Plan: 3 to create, 4 to update, 0 to restore, 0 to delete.$' "$work/out.txt" || fail "quickstart: the summary differs from the README's"
grep -q 'drift: edited in the dashboard by maria.schulz' "$work/out.txt" || fail "quickstart: no drift by maria.schulz"

export GOBIN="$work/bin" PATH="$work/bin:$PATH"
run "Install"
command -v octosync > /dev/null || fail "octosync is not on PATH after the install"

run "Conversation tests"
grep -q '^Tests: 4 passed, 0 failed, 1 skipped.$' "$work/out.txt" || fail "conversation tests"

run "Try it without an account"
cd "$work"
run "Using it with your organization" 1
[ -f octosync.yaml ] && [ -f .vscode/settings.json ] && [ -f .gitignore ] && [ -d businesses/northwind-us ] || fail "the export lacks octosync.yaml, editor support or a business"
[ -z "$(git status --porcelain)" ] || fail "the import left files uncommitted"

# "After editing files", while somebody edits in the dashboard.
sed -i 's/within \*\*30 days of delivery\*\*/within **45 days of delivery**/' businesses/northwind-us/articles/return-policy.md
dashboard_edit
run "Using it with your organization" 2
git log -1 --format=%s | grep -q 'import live changes' || fail "pull --drift-only --commit made no commit"
[ -z "$(git status --porcelain)" ] || fail "the loop left files uncommitted (a saved plan?): $(git status --porcelain)"
grep -q 'within \*\*45 days' businesses/northwind-us/articles/return-policy.md || fail "the edit is gone"
grep -q 'first name' businesses/northwind-us/bot-rules/tone-of-voice.yaml || fail "pull --drift-only did not import the dashboard edit"
octosync plan --detailed-exitcode > /dev/null || fail "not in sync after the loop"

run "When something bad went live"
grep -q '45 days of delivery' businesses/northwind-us/articles/return-policy.md || fail "rollback --to-commit did not bring the file back"
octosync plan --detailed-exitcode > /dev/null || fail "not in sync after the rollbacks"

run "Development"

# Every command line of the README ran (or is listed above with a reason).
for entry in "${all[@]}"; do
  line=${entry##*$'\t'}
  [ -n "${done_lines[$line]+x}" ] || fail "README line never followed: $line (run it here, or list it in skip with a reason)"
done
for line in "${!instead[@]}" "${!skip[@]}"; do
  [ -n "${done_lines[$line]+x}" ] || fail "listed but no longer in the README: $line"
done

echo
echo "README walkthrough passed"
