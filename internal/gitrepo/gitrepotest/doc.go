// Package gitrepotest builds git repositories for tests and benchmarks
// straight from go-git's plumbing: blobs, trees and commits are encoded into
// the object store without a worktree or an index, so a history of thousands
// of commits takes seconds, not minutes. Only tests import it; like its
// parent it keeps go-git out of every other package.
package gitrepotest
