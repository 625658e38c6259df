package history

import (
	"context"

	"github.com/octosync/octosync/internal/bases"
	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
)

// Commit names the commit that held a version's content.
type Commit struct {
	Hash    string // 40-digit hex sha
	Short   string // 7 digits, as git prints it
	Subject string // first line of the message
}

// Commits attributes content to the commits of the repository: the oldest
// commit reachable from HEAD whose file (of the same business and kind)
// held exactly that content. A Commits without history (Unavailable says
// why) attributes nothing.
type Commits struct {
	bases *bases.Bases
	repo  *gitrepo.Repo
	cache map[string]Commit
	env   *config.Environment
	// Unavailable is why there is no history (not a git repository, no
	// commit yet, a shallow clone), or nil.
	Unavailable error
}

// OpenCommits reads the history of the repository at dir (see bases.Load;
// defaultLanguage is today's defaults.language) as env sees it (nil
// without environments): every past file rendered with env's values,
// found by env's live slugs. History that cannot be read for a reason the
// user can fix (bases.Unavailable) is no error: the result attributes
// nothing and says why. Close it when done.
func OpenCommits(ctx context.Context, dir, defaultLanguage string, env *config.Environment) (*Commits, error) {
	loaded, err := bases.Load(ctx, dir, bases.Options{DefaultLanguage: defaultLanguage, Render: environment.RenderBase(env)})
	if bases.Unavailable(err) {
		return &Commits{Unavailable: err}, nil
	}
	if err != nil {
		return nil, err
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		return nil, err
	}
	return &Commits{bases: loaded, repo: repo, cache: map[string]Commit{}, env: env}, nil
}

// Close releases the repository.
func (c *Commits) Close() error {
	if c == nil || c.repo == nil {
		return nil
	}
	return c.repo.Close()
}

// Known reports whether the history was read, so that "no commit held it"
// means a dashboard edit rather than "cannot tell".
func (c *Commits) Known() bool { return c != nil && c.bases != nil }

// Find returns the commit that first held spec's content in business (a
// live slug); ok is false when none did or the history is unknown.
func (c *Commits) Find(business string, spec resource.Spec) (Commit, bool, error) {
	if !c.Known() {
		return Commit{}, false, nil
	}
	hash, _, ok := c.bases.Commit(c.env.Folder(business), spec)
	if !ok {
		return Commit{}, false, nil
	}
	if got, ok := c.cache[hash]; ok {
		return got, true, nil
	}
	gc, err := c.repo.CommitAt(hash)
	if err != nil {
		return Commit{}, false, err
	}
	got := Commit{Hash: gc.Hash, Short: gc.Short(), Subject: gc.Subject()}
	c.cache[hash] = got
	return got, true, nil
}
