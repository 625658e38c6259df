package ghactions

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v84/github"
)

// CommentLimit is GitHub's limit on a comment body, in characters.
const CommentLimit = 65536

// commentPermission is what listing, creating and editing pull-request
// comments needs from the workflow's token.
const commentPermission = "pull-requests: write"

// Comment is octosync's comment on a pull request.
type Comment struct {
	ID     int64
	Body   string
	Marker Marker
	URL    string
}

// FindComment returns octosync's comment for dir on pull request pr, or
// nil when there is none: the first comment whose marker names dir and
// whose author is a bot (the workflow's token, or a GitHub App's, posts as
// one). A person's comment is never taken for octosync's, even with a
// marker copied into it: anyone may comment on a public pull request, and
// a forged fingerprint must not decide what apply accepts. Only the first
// maxPages pages of comments are read.
func (c *Client) FindComment(ctx context.Context, pr int, dir string) (*Comment, error) {
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	op := fmt.Sprintf("list the comments of pull request #%d", pr)
	for page := 0; page < maxPages; page++ {
		cctx, cancel := ctxTimeout(ctx)
		cs, resp, err := c.gh.Issues.ListComments(cctx, c.owner, c.repo, pr, opts)
		cancel()
		if err != nil {
			return nil, apiError(op, commentPermission, err)
		}
		for _, cm := range cs {
			if cm.GetUser().GetType() != "Bot" {
				continue
			}
			if m, ok := ParseMarker(cm.GetBody()); ok && m.Dir == dir {
				return &Comment{ID: cm.GetID(), Body: cm.GetBody(), Marker: m, URL: cm.GetHTMLURL()}, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
	return nil, nil
}

// UpsertComment makes body the text of octosync's comment for dir on pull
// request pr: it edits the comment found by its marker, or creates one.
// body must start with the marker (see PlanComment). created says which.
func (c *Client) UpsertComment(ctx context.Context, pr int, dir, body string) (cm *Comment, created bool, err error) {
	found, err := c.FindComment(ctx, pr, dir)
	if err != nil {
		return nil, false, err
	}
	if found != nil {
		return c.EditComment(ctx, pr, found.ID, body)
	}
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.Issues.CreateComment(cctx, c.owner, c.repo, pr, &github.IssueComment{Body: github.Ptr(body)})
	if err != nil {
		return nil, false, apiError(fmt.Sprintf("comment on pull request #%d", pr), commentPermission, err)
	}
	m, _ := ParseMarker(out.GetBody())
	return &Comment{ID: out.GetID(), Body: out.GetBody(), Marker: m, URL: out.GetHTMLURL()}, true, nil
}

// EditComment replaces the body of comment id on pull request pr.
func (c *Client) EditComment(ctx context.Context, pr int, id int64, body string) (*Comment, bool, error) {
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.Issues.EditComment(cctx, c.owner, c.repo, id, &github.IssueComment{Body: github.Ptr(body)})
	if err != nil {
		return nil, false, apiError(fmt.Sprintf("update the plan comment on pull request #%d", pr), commentPermission, err)
	}
	m, _ := ParseMarker(out.GetBody())
	return &Comment{ID: out.GetID(), Body: out.GetBody(), Marker: m, URL: out.GetHTMLURL()}, false, nil
}

// Apply-result block of a comment: replaced on every apply, placed right
// after the marker.
const (
	resultOpen  = "<!-- octosync:apply -->"
	resultClose = "<!-- /octosync:apply -->"
)

// WithResult returns body with its apply-result block set to result (one
// Markdown paragraph), replacing any earlier one.
func WithResult(body, result string) string {
	if i := strings.Index(body, resultOpen); i >= 0 {
		if j := strings.Index(body[i:], resultClose); j >= 0 {
			body = body[:i] + strings.TrimLeft(body[i+j+len(resultClose):], "\n")
		}
	}
	block := resultOpen + "\n" + result + "\n" + resultClose + "\n\n"
	if loc := markerRE.FindStringIndex(body); loc != nil {
		end := loc[1]
		rest := strings.TrimLeft(body[end:], "\n")
		body = body[:end] + "\n" + block + rest
	} else {
		body = block + body
	}
	if n := len([]rune(body)); n > CommentLimit {
		// The plan part was sized to fit; a result never pushes it over by
		// much. Cut the plan's tail rather than lose the result.
		body = string([]rune(body)[:CommentLimit-len("\n…\n")]) + "\n…\n"
	}
	return body
}
