package pull

import (
	"context"
	"fmt"
	"slices"

	"github.com/octosync/octosync/internal/gitrepo"
	livestate "github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// ChangelogKeys are the resources ops write or remove files for, each
// once: the ones a changelog needs the newest version of.
func ChangelogKeys(ops []Op) []resource.Key {
	var keys []resource.Key
	for _, o := range ops {
		if o.Kind != Skip && o.Subject.ID != "" && !slices.Contains(keys, o.Subject) {
			keys = append(keys, o.Subject)
		}
	}
	return keys
}

// publish commits what the pull wrote (Commit or Branch), pushes it and
// opens or updates the pull request (PullRequest), and reports to the
// Publisher. A drift-only pull that changed nothing closes the drift pull
// request left open.
func publish(ctx context.Context, prov provider.Provider, git *gitrepo.Repo, res *Result, opts ExecOptions) error {
	for _, o := range res.Ops {
		switch o.Kind {
		case Write:
			res.Written++
		case Remove:
			res.Removed++
		}
	}
	changed := Changed(res.Ops)
	if opts.DriftOnly && len(changed) > 0 && opts.Changelog != nil {
		newest, err := livestate.Authors(ctx, prov, ChangelogKeys(res.Ops))
		if err != nil {
			return err
		}
		res.Changelog = opts.Changelog(res.Ops, newest)
	}
	if !opts.committing() || len(changed) == 0 {
		if err := done(opts, *res); err != nil {
			return err
		}
		if opts.PullRequest && opts.ownBranch() && len(changed) == 0 && git != nil && opts.Publisher != nil {
			base, err := git.Branch()
			if err != nil {
				return err
			}
			return opts.Publisher.CloseDriftPullRequest(ctx, opts.Branch, base, opts.Env)
		}
		return nil
	}
	base, err := commit(git, res, changed, opts)
	if err != nil {
		return err
	}
	if err := done(opts, *res); err != nil {
		return err
	}
	if !opts.PullRequest {
		return nil
	}
	if err := git.Push(ctx, gitrepo.PushOptions{Remote: Remote, Branch: opts.Branch, Token: opts.Token, Replace: opts.ownBranch()}); err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "Pushed %s to %s.\n", opts.Branch, Remote)
	if opts.Publisher == nil {
		return nil
	}
	return opts.Publisher.DriftPullRequest(ctx, opts.Branch, base, opts.Env, res.Changelog)
}

// commit commits changed, on Branch when set, and says so; it returns the
// branch checked out before.
func commit(git *gitrepo.Repo, res *Result, changed []string, opts ExecOptions) (string, error) {
	base, err := git.Branch()
	if err != nil {
		return "", err
	}
	co := gitrepo.CommitOptions{Paths: changed, Message: opts.Message, Branch: opts.Branch}
	if opts.ownBranch() {
		co.Message, co.Own, co.Return = DriftMessage(opts.Message, opts.Env, res.Changelog), driftTrailer(opts.Env), true
	}
	hash, err := git.Commit(co)
	if err != nil {
		return "", fmt.Errorf("commit: %w", err)
	}
	res.Commit = hash
	where := ""
	if opts.Branch != "" {
		where = " on branch " + opts.Branch
	}
	fmt.Fprintf(opts.Out, "Committed %s%s.\n", gitrepo.ShortHash(hash), where)
	if co.Return && base != "" {
		fmt.Fprintf(opts.Out, "Back on %s, as before.\n", base)
	}
	return base, nil
}

func done(opts ExecOptions, res Result) error {
	if opts.Publisher == nil {
		return nil
	}
	return opts.Publisher.PullDone(res)
}
