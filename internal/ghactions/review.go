package ghactions

import (
	"context"
	"errors"
	"fmt"

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

// ReviewError is apply --require-reviewed-plan refusing a plan that is not
// the one last shown in the pull request.
type ReviewError struct {
	PR          int
	Dir         string
	Reviewed    string // short fingerprint shown in the comment ("" when no comment)
	Now         string // short fingerprint of the plan about to be applied
	Differences []string
}

func (e *ReviewError) Error() string {
	if e.Reviewed == "" {
		return fmt.Sprintf("--require-reviewed-plan: pull request #%d shows no octosync plan for %s, so this plan (%s) was never reviewed; nothing was applied: run the plan job on the pull request (plan --comment) before merging", e.PR, e.Dir, e.Now)
	}
	msg := fmt.Sprintf("--require-reviewed-plan: the plan now (%s) differs from the one reviewed in pull request #%d (%s); nothing was applied", e.Now, e.PR, e.Reviewed)
	for _, d := range e.Differences {
		msg += "\n  " + d
	}
	return msg + "\nReview the new plan in a pull request (or apply by hand after checking it)."
}
