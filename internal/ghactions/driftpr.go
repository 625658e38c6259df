package ghactions

import (
	"context"
	"fmt"

	"github.com/google/go-github/v84/github"
)

// PullRequest is an opened or updated pull request.
type PullRequest struct {
	Number  int
	URL     string
	Created bool
}

// prPermission is what a token needs for the drift pull request.
const prPermission = "pull-requests: write"

// openPullRequest is the open pull request from branch head into base, or
// nil when there is none.
func (c *Client) openPullRequest(ctx context.Context, head, base string) (*github.PullRequest, error) {
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	open, _, err := c.gh.PullRequests.List(cctx, c.owner, c.repo, &github.PullRequestListOptions{
		State: "open", Head: c.owner + ":" + head, Base: base, ListOptions: github.ListOptions{PerPage: 10},
	})
	if err != nil {
		return nil, apiError("list the open pull requests of branch "+head, prPermission, err)
	}
	for _, pr := range open {
		if pr.GetHead().GetRef() == head {
			return pr, nil
		}
	}
	return nil, nil
}

// UpsertPullRequest keeps one open pull request from branch head into base:
// it updates the title and body of the open one, or opens it.
func (c *Client) UpsertPullRequest(ctx context.Context, head, base, title, body string) (*PullRequest, error) {
	pr, err := c.openPullRequest(ctx, head, base)
	if err != nil {
		return nil, err
	}
	if pr != nil {
		cctx, cancel := ctxTimeout(ctx)
		out, _, err := c.gh.PullRequests.Edit(cctx, c.owner, c.repo, pr.GetNumber(), &github.PullRequest{Title: github.Ptr(title), Body: github.Ptr(body)})
		cancel()
		if err != nil {
			return nil, apiError(fmt.Sprintf("update pull request #%d", pr.GetNumber()), prPermission, err)
		}
		return &PullRequest{Number: out.GetNumber(), URL: out.GetHTMLURL()}, nil
	}
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.PullRequests.Create(cctx, c.owner, c.repo, &github.NewPullRequest{
		Title: github.Ptr(title), Head: github.Ptr(head), Base: github.Ptr(base), Body: github.Ptr(body),
	})
	if err != nil {
		return nil, apiError("open a pull request from branch "+head, prPermission, err)
	}
	return &PullRequest{Number: out.GetNumber(), URL: out.GetHTMLURL(), Created: true}, nil
}

// CloseOpenPullRequest closes the open pull request from branch head into
// base, if any, after commenting why; nil when there is none.
func (c *Client) CloseOpenPullRequest(ctx context.Context, head, base, why string) (*PullRequest, error) {
	pr, err := c.openPullRequest(ctx, head, base)
	if err != nil || pr == nil {
		return nil, err
	}
	cctx, cancel := ctxTimeout(ctx)
	_, _, err = c.gh.Issues.CreateComment(cctx, c.owner, c.repo, pr.GetNumber(), &github.IssueComment{Body: github.Ptr(why)})
	cancel()
	if err != nil {
		return nil, apiError(fmt.Sprintf("comment on pull request #%d", pr.GetNumber()), prPermission, err)
	}
	cctx, cancel = ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.PullRequests.Edit(cctx, c.owner, c.repo, pr.GetNumber(), &github.PullRequest{State: github.Ptr("closed")})
	if err != nil {
		return nil, apiError(fmt.Sprintf("close pull request #%d", pr.GetNumber()), prPermission, err)
	}
	return &PullRequest{Number: out.GetNumber(), URL: out.GetHTMLURL()}, nil
}
