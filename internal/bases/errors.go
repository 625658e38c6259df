package bases

import "errors"

var (
	// ErrNoHistory means there is no history to read: the directory is not
	// in a git repository, or the repository has no commit yet.
	ErrNoHistory = errors.New("no git history")
	// ErrShallow means the repository is a shallow clone: bases from the
	// missing commits would be unknown, so live content they held would be
	// misreported as drift.
	ErrShallow = errors.New("shallow clone: history incomplete; run `git fetch --unshallow`")
)

// Unavailable reports whether err says that drift detection cannot run
// (ErrNoHistory or ErrShallow) rather than that reading the history failed.
func Unavailable(err error) bool {
	return errors.Is(err, ErrNoHistory) || errors.Is(err, ErrShallow)
}
