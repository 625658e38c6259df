package gitrepo

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// FirstParents lists HEAD and its first-parent ancestors, newest first, at
// most limit commits: on a branch that takes merges, one commit per merge
// (or per squashed pull request). The list stops early at the first
// commit, or at the edge of a shallow clone.
func (r *Repo) FirstParents(limit int) ([]string, error) {
	h, err := r.head()
	if err != nil {
		return nil, err
	}
	var out []string
	for len(out) < limit {
		c, err := r.repo.CommitObject(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && len(out) > 0 {
			break // beyond a shallow clone's edge
		}
		if err != nil {
			return nil, fmt.Errorf("%s: commit %s: %w", r.root, h, err)
		}
		out = append(out, h.String())
		if len(c.ParentHashes) == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	return out, nil
}
