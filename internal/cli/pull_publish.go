package cli

import (
	"context"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/pull"
)

// pullPublisher publishes a pull to GitHub Actions (pull.Publisher): the
// step's outputs and summary, the drift pull request. See
// docs/github-actions.md.
type pullPublisher struct{ step *ghactions.Step }

func (p pullPublisher) PullDone(r pull.Result) error {
	return p.step.PullDone(ghactions.PullResult{
		Written: r.Written, Removed: r.Removed, Changelog: r.Changelog, Commit: r.Commit, Branch: r.Branch,
	})
}

func (p pullPublisher) DriftPullRequest(ctx context.Context, head, base string, env *config.Environment, changelog []string) error {
	_, err := p.step.DriftPullRequest(ctx, head, base, env.NameOf(), changelog)
	return err
}

func (p pullPublisher) CloseDriftPullRequest(ctx context.Context, head, base string, env *config.Environment) error {
	return p.step.CloseDriftPullRequest(ctx, head, base, env.NameOf())
}
