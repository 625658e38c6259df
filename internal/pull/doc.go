// Package pull makes the repository's files match live state: the inverse
// of a plan. It takes the finished plan of the files against live state
// (built by package pipeline, with prune on and no mass-delete limit) and
// turns each change around; it never matches files to live resources itself
// (the plan's Bindings say how each file was bound):
//
//	plan says            pull does
//	update (or drift) →  rewrite the file with the live content (canonical form)
//	delete (live only) → write a new file, named from the title
//	restore            →  remove the file: its id names a resource deleted live
//	create             →  nothing: a local file never pushed is left alone
//	unchanged          →  nothing (the file keeps its bytes and mtime), except
//	                      that a file bound by title (or by a stale id) gets
//	                      an id line inserted, nothing else in it changed
//
// When the plan read the repository's git history (plan.HistoryRead) pull
// tells drift from a live state that is merely behind the repository,
// labels each, and with DriftOnly imports drift alone. Locate decides where
// a pull writes (the enclosing repository, or a new one by bulk export,
// never nested inside another), and DirtyFiles which files may hold work it
// must not overwrite.
//
// Execute (execute.go, publish.go) is the whole pull after planning, as
// rollback.Execute is rollback's: open git when there is one, list dirty
// files, Compute, the macros, check the branch, write, report, commit,
// push, and open or close the drift pull request. The command line only
// wires it: the report and GitHub come in as ExecOptions.Report and
// ExecOptions.Publisher, implemented above this package.
//
// The nightly drift branch is one per environment (driftbranch.go):
// DriftBranch names it when --branch is not given, and its commits'
// trailer names the environment, so one environment's drift branch is
// refused to another rather than overwritten.
//
// Safety: every file name is derived inside businesses/<slug>/<kind>/ whatever
// the title holds and never takes another file's name; a file with
// uncommitted changes (outside git: any existing file) is never overwritten
// or removed without Force; a condition provider another workflow still uses
// is never removed or rewritten for one workflow; and nothing is written
// until every operation has been computed and checked. Writes are atomic
// and never follow a symbolic link (package safewrite: every file written
// and flushed, then renamed into place).
//
// A bulk export overlaps writing with fetching (Staging, stage.go): each
// business is rendered and written into a private dot folder of the export
// root as soon as its lists are in, while the next is fetched, and moved
// into businesses/ only once Execute has computed and checked every
// operation of the export, in the batch that writes the rest and flushes
// once. The operations decide: a staged business they disagree with is
// discarded and written from them. On any error the staging folder is
// removed.
//
// Macros are not resources: the API serves them read-only, and MacroOps
// (macro.go) exports them into businesses/<slug>/macros/ beside the
// resource operations, with the same dirty-file rule; MacroWarnings tells
// plan about macro files edited locally.
package pull
