package gitrepo

import "errors"

var (
	// ErrNotRepository means no enclosing git repository was found.
	ErrNotRepository = errors.New("not a git repository")
	// ErrNoCommits means the repository has no commit yet (HEAD is unborn).
	ErrNoCommits = errors.New("no commits yet")
	// ErrUnknownRevision means a revision (sha, branch, tag, HEAD~n) names no commit.
	ErrUnknownRevision = errors.New("unknown revision")
	// ErrFileNotFound means a path does not exist in a commit.
	ErrFileNotFound = errors.New("file not found")
	// ErrOutside means a path leaves the octosync directory (absolute, or
	// climbing out with ..).
	ErrOutside = errors.New("path outside the octosync directory")
	// ErrBlobTooLarge means a file of the history is over MaxBlobSize; its
	// content was not read.
	ErrBlobTooLarge = errors.New("file too large")
	// ErrNothingToCommit means a commit would not change the tree.
	ErrNothingToCommit = errors.New("nothing to commit")
)
