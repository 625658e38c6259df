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
//     temporary folder, loaded and checked like the working tree) are planned
//     against live through the planning pipeline, with drift, pruning and
//     the mass-delete guard as plan has them. The rollback's plan is derived
//     from the pipeline's (which is left untouched) by three rules: a create
//     whose resource was soft-deleted since the commit becomes its restore;
//     a create whose content a resource planned for deletion once held (it
//     was renamed since) becomes one update of that resource; and an update
//     or restore whose content a server version holds goes through the
//     restore endpoint (MatchVersions; only the resources that change have
//     their histories fetched). Then the files under businesses/
//     are written as they were at the commit, and the ones that did not
//     exist then are removed.
//
// Both forms yield a Rollback: a plan.Plan that render shows and apply
// executes like any other (an update with RestoreVersion set is sent as a
// restore), plus the file operations. Nothing is written while planning,
// and every refusal (a version that does not exist, a file that is not a
// resource or has no live resource, a REF that names no commit, a shallow
// clone, drift without --force-drift, uncommitted changes in a file to
// rewrite) comes before the first write.
//
// Execute applies first and writes files after, and only the files whose
// live change succeeded (for a commit, all or none): an interrupted run
// writes no file, and running it again plans anew from what is live, so it
// converges without a duplicate or a lost restore.
package rollback
