package source

import (
	"github.com/octosync/octosync/internal/gitrepo"
)

// Uncommitted lists the files under businesses/ of the repository at root
// that hold work not committed yet (staged, unstaged, or untracked and not
// ignored), as slash paths relative to root. It is the one answer to that
// question: apply warns about them, pull and rollback refuse to overwrite
// them. Outside a git repository nothing can tell: the error wraps
// gitrepo.ErrNotRepository.
func Uncommitted(root string) (map[string]bool, error) {
	g, err := gitrepo.Open(root)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	return UncommittedIn(g)
}

// UncommittedIn is Uncommitted in g, a repository a caller has open
// already at the root Uncommitted would open.
func UncommittedIn(g *gitrepo.Repo) (map[string]bool, error) {
	status, err := g.Status(BusinessesDir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(status))
	for p := range status {
		out[p] = true
	}
	return out, nil
}
