#!/usr/bin/env bash
# Follows README.md as a new user would, on a fresh clone of the committed
# repository, installing only what the README says (the octosync binary): the
# quickstart, the install, and the "Using it with your organization" loop
# against `octosync sandbox serve` standing in for Octocom. Every step is a
# README command; the checks between them are what the README says happens.
#
# Deviations, each for running unattended: the sandbox listens on a free port
# (--addr 127.0.0.1:0) instead of 8080, and its URL is read from the line it
# prints; a dashboard edit is made with curl and the sandbox's
# X-Sandbox-Actor header; rollback gets --auto-approve (no terminal to ask).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "README walkthrough FAILED: $*" >&2; exit 1; }
export GIT_AUTHOR_NAME="New User" GIT_AUTHOR_EMAIL="new.user@example.com"
export GIT_COMMITTER_NAME="New User" GIT_COMMITTER_EMAIL="new.user@example.com"
unset OCTOCOM_API_URL OCTOCOM_API_KEY

step "a fresh clone"
git clone -q "$src" "$work/octosync"
cd "$work/octosync"

step "quickstart: go run . plan --dir example-repo --sandbox"
go run . plan --dir example-repo --sandbox > "$work/quickstart.txt"
grep -q '^Planning against the built-in sandbox, not a live Octocom organization.$' "$work/quickstart.txt" || fail "quickstart: no sandbox line"
grep -q '^Plan: 3 to create, 4 to update, 0 to restore, 0 to delete.$' "$work/quickstart.txt" || fail "quickstart: summary differs from the README"
grep -q 'drift: edited in the dashboard by maria.schulz' "$work/quickstart.txt" || fail "quickstart: no drift by maria.schulz"

step "install: go install . ; octosync --version"
export GOBIN="$work/bin" PATH="$work/bin:$PATH"
go install .
octosync --version | grep -q '^octosync ' || fail "--version"
octosync completion bash | grep -q 'complete' || fail "completion bash"

step "a local stand-in for the API: octosync sandbox serve --seed example-repo/sandbox-seed.json"
octosync sandbox serve --seed example-repo/sandbox-seed.json --addr 127.0.0.1:0 > "$work/serve.txt" &
serve_pid=$!
for _ in $(seq 100); do grep -q 'sandbox listening on' "$work/serve.txt" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^sandbox listening on //p' "$work/serve.txt")
[ -n "$url" ] || fail "sandbox serve printed no URL"
export OCTOCOM_API_URL="$url" OCTOCOM_API_KEY=sandbox-key

step "export: mkdir support-bot && cd support-bot && git init && octosync pull"
mkdir "$work/support-bot" && cd "$work/support-bot"
git init -q
octosync pull | tee "$work/pull.txt"
grep -q 'Exported 2 business' "$work/pull.txt" || fail "bulk export"
[ -f octosync.yaml ] && [ -f .vscode/settings.json ] && [ -f .gitignore ] || fail "export lacks octosync.yaml or editor support"
git add -A && git commit -qm "Import from Octocom"

step "the everyday loop: validate, plan (in sync)"
octosync validate
octosync plan --detailed-exitcode

step "edit a file; validate and plan from its folder"
cd businesses/northwind-us/articles
sed -i 's/within \*\*30 days of delivery\*\*/within **45 days of delivery**/' return-policy.md
octosync validate
set +e; octosync plan --detailed-exitcode > "$work/plan.txt"; rc=$?; set -e
[ "$rc" = 2 ] || fail "plan after an edit exited $rc, want 2"
grep -q '~ article "Return policy" in northwind-us will be updated' "$work/plan.txt" || fail "plan does not show the update"
grep -q '(- live now, + the file)' "$work/plan.txt" || fail "the diff is not labelled"

step "at the root: commit, plan --out plan.json, apply plan.json"
cd "$work/support-bot"
git commit -qam "Longer return window"
octosync plan --out plan.json > /dev/null
octosync apply plan.json | tee "$work/apply.txt"
grep -q 'applied update northwind-us/article "Return policy"' "$work/apply.txt" || fail "apply"
rm plan.json
octosync plan --detailed-exitcode

step "a dashboard edit, then: octosync pull --drift-only"
rule=$(curl -fsS -H "X-API-Key: sandbox-key" "$url/businesses/northwind-us/bot-rules?page=1" | sed -n 's/.*"id": *"\(rule_[0-9a-z]*\)".*"title": *"Tone of voice".*/\1/p' | head -1)
if [ -z "$rule" ]; then
  rule=$(curl -fsS -H "X-API-Key: sandbox-key" "$url/businesses/northwind-us/bot-rules?page=1" | tr '{' '\n' | grep '"Tone of voice"' | sed -n 's/.*"id": *"\([a-z_0-9]*\)".*/\1/p' | head -1)
fi
[ -n "$rule" ] || fail "no live rule to edit"
curl -fsS -X PUT -H "X-API-Key: sandbox-key" -H "X-Sandbox-Actor: user:dana" -H "Content-Type: application/json" \
  -d '{"title": "Tone of voice", "content": "Be warm and brief; use the customer'"'"'s first name.", "enabled": true}' \
  "$url/businesses/northwind-us/bot-rules/$rule" > /dev/null
set +e; octosync plan --detailed-exitcode > "$work/drift.txt"; rc=$?; set -e
[ "$rc" = 3 ] || fail "plan after a dashboard edit exited $rc, want 3"
grep -q 'edited in the dashboard by dana' "$work/drift.txt" || fail "drift author"
octosync pull --drift-only
git add -A && git commit -qm "Import dashboard edits"
octosync plan --detailed-exitcode

step "when something bad went live: history, rollback --previous"
cd "$work/support-bot"
f=businesses/northwind-us/articles/return-policy.md
octosync history "$f" | tee "$work/history.txt"
grep -q 'Longer return window' "$work/history.txt" || fail "history does not name the commit"
octosync rollback "$f" --previous --auto-approve
grep -q '30 days of delivery' "$f" || fail "rollback did not rewrite the file"
octosync plan --detailed-exitcode

echo
echo "README walkthrough passed"
