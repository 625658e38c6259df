package lint

import (
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/source"
)

// Load reads the repository at root (source.Load) and checks it (Check):
// the one way a repository is read and judged, by validate, by every
// command that acts on one, and by rollback --to-commit for the tree of a
// commit. diags are the loader's and the checks', sorted; the caller
// decides what errors stop.
func Load(root string) (repo *source.Repo, diags diag.List, err error) {
	repo, err = source.Load(root, source.LoadOptions{})
	if err != nil {
		return nil, nil, err
	}
	return repo, Judge(repo), nil
}

// Open finds the repository dir names (source.Root: "" for the one
// enclosing the working directory) and Loads it.
func Open(dir string) (repo *source.Repo, diags diag.List, err error) {
	repo, err = source.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	return repo, Judge(repo), nil
}

// Judge is the one judgement of a repository read: the loader's
// diagnostics and Check's, sorted. Load and Open return it; a caller that
// reads a repository in steps (plan reads the files while it fetches)
// calls it on what it read.
func Judge(repo *source.Repo) diag.List {
	diags := append(diag.List{}, repo.Diags...)
	diags.Add(Check(repo)...)
	return diags.Sort()
}
