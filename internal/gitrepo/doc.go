// Package gitrepo is octosync's window on git, and the only package that
// imports go-git: everything else sees plain strings, bytes and the small
// types defined here, so no caller needs the git binary or go-git's API.
//
// A Repo is opened on the octosync directory (the folder holding
// octosync.yaml), which may be a subfolder of a bigger repository. Every path
// this package takes or returns is relative to that directory and
// slash-separated; Prefix says where the directory sits inside the worktree.
//
// What it offers, by caller:
//
//   - drift detection (internal/bases): Dirs and Blobs walk every commit
//     reachable from HEAD once, oldest first, skipping folders whose tree was
//     already seen, so the cost grows with the number of changes, not with
//     commits × files;
//   - pull: Status lists uncommitted edits under the octosync directory so
//     that pull never clobbers them, and Commit records what pull wrote, on
//     the current branch or on a new one;
//   - history and rollback: Log lists the commits that touched a path and
//     ReadFileAt reads a file as it was at any revision.
//
// Every read of history is bounded: ReadBlob (behind Blobs, ReadFileAt and
// Materialize) reads a blob's size from its object header first and refuses
// one over MaxBlobSize unread (ErrBlobTooLarge). Revisions name commits
// only: a path (HEAD:x), a tree (HEAD^{tree}) or a reflog entry is
// ErrNotCommit, never silently HEAD. ValidBranchName is git's rule for a
// branch name, plus the names git would read as something else.
//
// Errors a caller decides on are sentinels: ErrNotRepository, ErrNoCommits,
// ErrUnknownRevision, ErrNotCommit, ErrFileNotFound, ErrOutside,
// ErrBlobTooLarge, ErrNothingToCommit.
package gitrepo
