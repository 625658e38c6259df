package gitrepo

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// ReadFileAt returns the content of the file at p (relative to the octosync
// directory) in the commit rev names: a sha (full or abbreviated), a branch,
// a tag, HEAD or an expression such as HEAD~2. ErrUnknownRevision when rev
// names no commit, ErrFileNotFound when the commit has no such file.
func (r *Repo) ReadFileAt(rev, p string) ([]byte, error) {
	full, err := r.full(p)
	if err != nil {
		return nil, err
	}
	h, err := r.resolve(rev)
	if err != nil {
		return nil, err
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, err)
	}
	// FindEntry, not File: File reads the blob before its size is known.
	e, err := tree.FindEntry(full)
	if err != nil || !e.Mode.IsFile() {
		return nil, fmt.Errorf("%s at %s: %w (list its files with `git show %s --stat`)", p, rev, ErrFileNotFound, rev)
	}
	data, err := r.ReadBlob(e.Hash.String())
	if err != nil {
		return nil, fmt.Errorf("%s at %s: %w", p, rev, err)
	}
	return data, nil
}

// Resolve returns the full sha of the commit rev names (see ReadFileAt).
func (r *Repo) Resolve(rev string) (string, error) {
	h, err := r.resolve(rev)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

func (r *Repo) resolve(rev string) (plumbing.Hash, error) {
	// go-git drops what it does not understand after these (HEAD:path,
	// HEAD^{tree}, HEAD@{1} all resolve to HEAD): refuse them instead of
	// taking another commit than the one asked for.
	if strings.ContainsAny(rev, ": ") || strings.Contains(rev, "^{") || strings.Contains(rev, "@{") {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w: give a commit (a sha, a branch, a tag, HEAD or HEAD~N), not a path, a tree or a reflog entry", rev, ErrNotCommit)
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w (see `git log --oneline` for the commits)", rev, ErrUnknownRevision)
	}
	return *h, nil
}
