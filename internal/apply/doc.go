// Package apply executes a plan against a Provider.
//
// Contracts:
//   - Run executes Plan.Changes and nothing else, and exactly those that
//     plan.Change.Held lets through under Options.Allow (the one answer to
//     "will this change run", also behind HasWork, Runs and CheckGuards):
//     drift without ForceDrift is reported as skipped, withheld deletes are
//     left out unless AllowMassDelete lifts a mass-delete hold; summaries in
//     the plan are for display only.
//   - Changes run level by level (plan.Levels: creates and updates by kind,
//     bot rules that disable before those that enable, deletes last in
//     reverse); the changes of one level run in parallel.
//   - Every update and delete carries If-Match with the planned version, so a
//     resource edited since the plan is never overwritten: the server's 412
//     becomes a "changed since plan" failure for that resource alone.
//   - Creates never duplicate, within a run or across runs racing each
//     other. Each POST carries an Idempotency-Key derived only from what is
//     created (business, kind, canonical content: see idempotency.go), and
//     its answer is read back to confirm the resource is live, since a
//     server replays the first answer for a key even after that resource
//     was deleted; when a POST's outcome is unknown (5xx,
//     lost answer) the business's resources of that kind are listed again
//     and matched by the planner's title rule (plan.Candidates) and content
//     before another attempt, so even a server that ignores the key ends up
//     with one copy.
//   - A saved plan is checked before anything runs: CheckSaved refuses one
//     made for another target, CheckGuards one that would mass-delete or
//     overwrite blind in a shallow clone, and Resume takes out what an
//     interrupted run already applied and refuses a stale plan whole.
//   - A failure stops only its own change. Cancelling the context (SIGINT)
//     starts no new change; changes already in flight finish, and the report
//     says what was applied, failed and skipped. Because every step re-reads
//     before retrying, a rerun after any interruption converges.
package apply
