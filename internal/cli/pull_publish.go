package cli

import (
	"fmt"

	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/render"
)

// pullRemote is the remote --pull-request pushes to.
const pullRemote = "origin"

// ownBranch reports whether --branch names octosync's own branch, rewritten
// on every run: the nightly `pull --drift-only --branch`. Its commits carry
// pull.DriftTrailer, it is moved back to HEAD when it holds nothing else,
// and the checkout returns to where it was after committing.
func (c *pullCmd) ownBranch() bool { return c.DriftOnly && c.Branch != "" }

// checkBranch says, before any file is written, whether the commit could
// go on --branch.
func (c *pullCmd) checkBranch(git *gitrepo.Repo) error {
	if !c.ownBranch() {
		return git.CheckBranch(c.Branch)
	}
	remote := ""
	if c.PullRequest {
		remote = gitrepo.RemoteTrackingRef(pullRemote, c.Branch)
	}
	return git.CheckOwnBranch(c.Branch, pull.DriftTrailer, remote)
}

// commitAndPublish commits what the pull wrote (with --commit or
// --branch), pushes it and opens or updates the pull request (with
// --pull-request), and reports to GitHub Actions.
func (c *pullCmd) commitAndPublish(env *Env, sess *session, git *gitrepo.Repo, ops []pull.Op, changed []string, commit bool) error {
	gh := ghactions.NewStep(env.Getenv, "", env.Stderr)
	res := ghactions.PullResult{Branch: c.Branch}
	for _, o := range ops {
		switch o.Kind {
		case pull.Write:
			res.Written++
		case pull.Remove:
			res.Removed++
		}
	}
	if c.DriftOnly && len(changed) > 0 {
		newest, err := live.Authors(env.Ctx, sess.Provider, render.ChangelogKeys(ops))
		if err != nil {
			return err
		}
		res.Changelog = render.Changelog(ops, newest)
	}
	if !commit || len(changed) == 0 {
		if err := gh.PullDone(res); err != nil {
			return err
		}
		if c.PullRequest && c.ownBranch() && len(changed) == 0 && git != nil {
			base, err := git.Branch()
			if err != nil {
				return err
			}
			return gh.CloseDriftPullRequest(env.Ctx, c.Branch, base)
		}
		return nil
	}
	base, err := git.Branch()
	if err != nil {
		return err
	}
	opts := gitrepo.CommitOptions{Paths: changed, Message: c.Message, Branch: c.Branch}
	if c.ownBranch() {
		opts.Message, opts.Own, opts.Return = pull.DriftMessage(c.Message, res.Changelog), pull.DriftTrailer, true
	}
	hash, err := git.Commit(opts)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	res.Commit = hash
	where := ""
	if c.Branch != "" {
		where = " on branch " + c.Branch
	}
	fmt.Fprintf(env.Stdout, "Committed %s%s.\n", gitrepo.ShortHash(hash), where)
	if opts.Return && base != "" {
		fmt.Fprintf(env.Stdout, "Back on %s, as before.\n", base)
	}
	if err := gh.PullDone(res); err != nil {
		return err
	}
	if !c.PullRequest {
		return nil
	}
	if err := git.Push(env.Ctx, gitrepo.PushOptions{Remote: pullRemote, Branch: c.Branch, Token: gh.Env.Token, Replace: c.ownBranch()}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Pushed %s to %s.\n", c.Branch, pullRemote)
	_, err = gh.DriftPullRequest(env.Ctx, c.Branch, base, res.Changelog)
	return err
}
