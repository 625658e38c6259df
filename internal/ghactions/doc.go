// Package ghactions is what octosync knows about GitHub Actions, and the only
// package that talks to the GitHub API (through google/go-github). Nothing
// here is needed to plan or apply: the command layer calls it when
// GITHUB_ACTIONS=true, so the same binary behaves the same in the composite
// action at the repository's root, in a hand-written workflow, or in any CI
// that sets the same variables.
//
// What it holds, one concept per file:
//
//   - Env (env.go): the runner's variables and the triggering event, read
//     once from the environment;
//   - outputs (output.go): step outputs appended to $GITHUB_OUTPUT in
//     GitHub's file-command format, every value framed by a random
//     delimiter, so no value can forge another output;
//   - the step summary (summary.go): Markdown appended to
//     $GITHUB_STEP_SUMMARY, cut with a line saying so before GitHub's
//     1 MiB limit;
//   - annotations (annotation.go): ::error and ::warning workflow commands,
//     escaped as the Actions toolkit escapes them;
//   - the output filter (commandsafe.go): CommandSafe wraps every
//     command's stdout and stderr under GitHub Actions, so that no line
//     from a repository or a server is a workflow command; annotations are
//     the only commands let through;
//   - the plan fingerprint (fingerprint.go): a hash of a plan's target,
//     environment and structured changes (never of its rendering), and a
//     per-change digest that lets apply say what differs from the plan a
//     reviewer saw;
//   - the sticky comment (marker.go, comment.go): one pull-request comment
//     per repository directory and environment (CommentKey, the
//     environment taken from the plan), found again by a hidden first-line
//     marker that carries the fingerprint and the head commit, at most 65,536
//     characters, written and trusted only as the token's own bot
//     (identity.go), never replacing a newer head's plan;
//   - the reviewed-plan check (review.go, coverage.go, applystep.go): on a
//     push, the pull request that was merged and, when its plan differs,
//     those merged since the last successful apply, reading only the
//     comments of the environment applied; every change apply will send
//     must have been shown in one of their plans;
//   - the drift pull request (driftpr.go): one open pull request for the
//     nightly drift branch, opened or updated, and closed when no drift
//     is left; with environments, one per environment's branch, its
//     title, body and closing comment naming the environment.
//
// The command layer sees one type, Step (step.go): made once per run with
// NewStep, it checks the event before anything is read (CheckCommand), then
// publishes what the command did with one call each — PlanDone
// (planstep.go, plancomment.go), ReviewedPlan and ApplyDone (applystep.go), PullDone and
// DriftPullRequest (pullstep.go), ValidateDone (validatestep.go). Outside
// GitHub Actions every hook does nothing. ReportFailure turns the error a
// command ends with into one ::error line.
//
// Errors from the GitHub API are *APIError values naming what to fix; a
// 403 names the permission the workflow's token lacks. Every request has a
// deadline and every listing is bounded in pages.
package ghactions
