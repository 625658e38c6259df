package ghactions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-github/v84/github"

	"github.com/octosync/octosync/internal/gitrepo"
)

// ErrNoPullRequest means a pushed commit came from no merged pull request
// (a direct push, or a merge the API does not associate).
var ErrNoPullRequest = errors.New("no merged pull request")

// MergedPullRequest returns the number of the pull request merged as commit
// sha: among the pull requests GitHub associates with the commit, the
// merged one whose merge commit is sha, else the one merged last.
func (c *Client) MergedPullRequest(ctx context.Context, sha string) (int, error) {
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	prs, _, err := c.gh.PullRequests.ListPullRequestsWithCommit(cctx, c.owner, c.repo, sha, &github.ListOptions{PerPage: 100})
	if err != nil {
		return 0, apiError(fmt.Sprintf("find the pull request of commit %s", gitrepo.ShortHash(sha)), "pull-requests: read", err)
	}
	var best *github.PullRequest
	for _, pr := range prs {
		if pr.MergedAt == nil {
			continue
		}
		if pr.GetMergeCommitSHA() == sha {
			return pr.GetNumber(), nil
		}
		if best == nil || pr.GetMergedAt().After(best.GetMergedAt().Time) {
			best = pr
		}
	}
	if best == nil {
		return 0, fmt.Errorf("commit %s: %w: it was pushed without one", gitrepo.ShortHash(sha), ErrNoPullRequest)
	}
	return best.GetNumber(), nil
}

// ReviewError is apply --require-reviewed-plan refusing a plan with
// changes that no reviewed plan showed.
type ReviewError struct {
	// PRs are the pull requests whose plan comments were read: the one
	// merged as the pushed commit, then those merged before it since the
	// last successful apply, newest first.
	PRs []int
	Dir string
	// Env is the environment applied ("" without environments): only
	// plans reviewed for it count.
	Env string
	// Reviewed is the short fingerprint shown in the comment of PRs[0]
	// ("" when none of PRs has a plan comment).
	Reviewed string
	// Now is the short fingerprint of the plan about to be applied.
	Now string
	// Unreviewed names each change no reviewed plan showed as it is now.
	Unreviewed []string
}

func (e *ReviewError) Error() string {
	if e.Reviewed == "" && len(e.PRs) == 1 {
		return fmt.Sprintf("--require-reviewed-plan: pull request #%d shows no octosync plan for %s, so this plan (%s) was never reviewed; nothing was applied: run the plan job%s on the pull request (plan --comment) before merging", e.PRs[0], CommentKey{Dir: e.Dir, Env: e.Env}, e.Now, envFlag(e.Env))
	}
	var msg string
	if len(e.PRs) == 1 {
		msg = fmt.Sprintf("--require-reviewed-plan: the plan%s now (%s) differs from the one reviewed in pull request #%d (%s); nothing was applied", envPhrase(e.Env), e.Now, e.PRs[0], e.Reviewed)
	} else {
		msg = fmt.Sprintf("--require-reviewed-plan: the plan%s now (%s) has changes that no reviewed plan of the pull requests merged since the last successful apply (%s) showed; nothing was applied", envPhrase(e.Env), e.Now, prList(e.PRs))
	}
	for _, d := range e.Unreviewed {
		msg += "\n  " + d
	}
	return msg + "\nReview the new plan in a pull request (or apply by hand after checking it)."
}

// envFlag is " with --env NAME", or "" without an environment.
func envFlag(env string) string {
	if env == "" {
		return ""
	}
	return " with --env " + env
}

func prList(prs []int) string {
	parts := make([]string, len(prs))
	for i, n := range prs {
		parts[i] = fmt.Sprintf("#%d", n)
	}
	return strings.Join(parts, ", ")
}
