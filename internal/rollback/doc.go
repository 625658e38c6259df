// Package rollback puts earlier content back, live and in the files, so that
// the repository ends up agreeing with what is live: otherwise the next apply
// from the default branch would re-deploy what was rolled back.
//
// Two forms, each planned first (ToVersion, ToCommit) and then carried out
// by Execute:
//
//   - to a version: each file's resource is restored to one version of its
//     server history through the restore endpoint, conditional on the live
//     version (a new version, "restored from vN", the history kept), and the
//     file is rewritten from that version in canonical form, keeping its
//     name, its id and its condition provider's name (pull.RenderOps).
//   - to a commit: the files at the commit (gitrepo.Materialize into a
//     temporary folder, links included, loaded and checked by lint.Load
//     exactly as validate checks the working tree) are planned against
//     live through the planning pipeline as a rollback
//     (plan.Options.Rollback), with drift, pruning and the mass-delete
//     guard as plan has them. The rollback's rules (a resource deleted
//     since is restored, a renamed one reclaimed, content a server version
//     holds restored rather than PUT) are plan's, so the plan is finished
//     when the pipeline returns it. Then the files under businesses/ are
//     written as they were at the commit, and the ones that did not exist
//     then are removed, except those whose resources stay live (a delete
//     withheld or not executed): they are kept, so the repository agrees
//     with live afterwards.
//
// Both forms yield a Rollback: a plan.Plan that render shows and apply
// executes like any other (a restore of a live resource goes through the
// restore endpoint), plus the file operations. Nothing is written while
// planning, and every refusal (a version that does not exist, a file that
// is not a resource or has no live resource, a REF that names no commit or
// names a path or a tree, a commit whose files do not validate, a shallow
// clone, drift without --force-drift, uncommitted changes in a file to
// rewrite) comes before the first write.
//
// Execute applies first and writes files after, and only the files whose
// live change succeeded (for a commit, all or none): an interrupted run
// writes no file, and running it again plans anew from what is live, so it
// converges without a duplicate or a lost restore.
package rollback
