package gitrepo

import (
	"context"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Log lists the commits reachable from HEAD that changed p (a file or a
// folder, relative to the octosync directory; "" for the directory itself),
// newest first: every commit before its parents. A commit changed p when p's
// content differs from every parent's (a root commit, from nothing); so, as
// with `git log`, a merge that took one side's version unchanged is left out.
// ErrNoCommits when HEAD is unborn.
func (r *Repo) Log(p string) ([]Commit, error) {
	full, err := r.full(p)
	if err != nil {
		return nil, err
	}
	commits, err := r.commitsOldestFirst(context.Background())
	if err != nil {
		return nil, err
	}
	at := make(map[plumbing.Hash]plumbing.Hash, len(commits)) // commit → p's sha there, zero when absent
	var out []Commit
	for _, c := range commits {
		h, err := entryHash(c, full)
		if err != nil {
			return nil, err
		}
		at[c.Hash] = h
		changed := true
		for _, ph := range c.ParentHashes {
			if before, ok := at[ph]; ok && before == h {
				changed = false
				break
			}
		}
		if changed && !(h.IsZero() && allParentsMissing(c, at)) {
			out = append(out, commitOf(c))
		}
	}
	slices.Reverse(out)
	return out, nil
}

// allParentsMissing reports whether the commit is a root (or sits on a
// shallow boundary): then p being absent is no change.
func allParentsMissing(c *object.Commit, at map[plumbing.Hash]plumbing.Hash) bool {
	for _, ph := range c.ParentHashes {
		if _, ok := at[ph]; ok {
			return false
		}
	}
	return true
}

// entryHash is the sha of the tree entry at full in c, zero when absent.
func entryHash(c *object.Commit, full string) (plumbing.Hash, error) {
	root, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("commit %s: %w", c.Hash, err)
	}
	if full == "" {
		return root.Hash, nil
	}
	e, err := root.FindEntry(full)
	if err != nil {
		return plumbing.ZeroHash, nil
	}
	return e.Hash, nil
}
