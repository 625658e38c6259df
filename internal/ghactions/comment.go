package ghactions

import (
	"context"
	"fmt"
	"regexp"
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

// FindComment returns octosync's comment for key (a directory and an
// environment) on pull request pr, or nil when there is none: the first
// comment written by the token's own login (Identity) whose first line is
// a marker naming exactly key; a staging plan's comment is never taken for
// production's. Anyone may comment on a public pull request, and other
// bots echo what people write: a comment by any other account, or with the marker further down,
// is never taken for octosync's, so a forged fingerprint cannot decide what
// apply accepts, and octosync never edits another's comment. Only the
// first maxPages pages of comments are read.
func (c *Client) FindComment(ctx context.Context, pr int, key CommentKey) (*Comment, error) {
	self, err := c.Identity(ctx)
	if err != nil {
		return nil, err
	}
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
			if cm.GetUser().GetType() != "Bot" || cm.GetUser().GetLogin() != self {
				continue
			}
			if m, ok := ParseMarker(cm.GetBody()); ok && m.Key() == key {
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

// UpsertComment makes body the text of octosync's comment for key on pull
// request pr: it edits the comment found by its marker, or creates one.
// body must start with the marker (see PlanComment). keep, when not nil,
// is asked about the comment found: true leaves it as it is (a newer
// plan's), and UpsertComment returns it with replaced false. created says
// whether a new comment was made.
func (c *Client) UpsertComment(ctx context.Context, pr int, key CommentKey, body string, keep func(*Comment) (bool, error)) (cm *Comment, created, replaced bool, err error) {
	found, err := c.FindComment(ctx, pr, key)
	if err != nil {
		return nil, false, false, err
	}
	if found != nil {
		if keep != nil {
			if k, err := keep(found); err != nil || k {
				return found, false, false, err
			}
		}
		cm, err := c.EditComment(ctx, pr, found.ID, body)
		return cm, false, err == nil, err
	}
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.Issues.CreateComment(cctx, c.owner, c.repo, pr, &github.IssueComment{Body: github.Ptr(body)})
	if err != nil {
		return nil, false, false, apiError(fmt.Sprintf("comment on pull request #%d", pr), commentPermission, err)
	}
	m, _ := ParseMarker(out.GetBody())
	return &Comment{ID: out.GetID(), Body: out.GetBody(), Marker: m, URL: out.GetHTMLURL()}, true, false, nil
}

// EditComment replaces the body of comment id on pull request pr.
func (c *Client) EditComment(ctx context.Context, pr int, id int64, body string) (*Comment, error) {
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.Issues.EditComment(cctx, c.owner, c.repo, id, &github.IssueComment{Body: github.Ptr(body)})
	if err != nil {
		return nil, apiError(fmt.Sprintf("update the plan comment on pull request #%d", pr), commentPermission, err)
	}
	m, _ := ParseMarker(out.GetBody())
	return &Comment{ID: out.GetID(), Body: out.GetBody(), Marker: m, URL: out.GetHTMLURL()}, nil
}

// ApplyStatus is what an apply on merge did, recorded in the comment's
// apply-result block for the next apply to read (see Review).
type ApplyStatus string

const (
	// StatusApplied: every change was applied.
	StatusApplied ApplyStatus = "applied"
	// StatusNothing: the apply succeeded with nothing to apply.
	StatusNothing ApplyStatus = "nothing"
	// StatusFailed: some change failed (others may have been applied).
	StatusFailed ApplyStatus = "failed"
	// StatusRefused: --require-reviewed-plan applied nothing.
	StatusRefused ApplyStatus = "refused"
)

// Succeeded reports whether Octocom held everything of the repository
// after the apply: what the pull requests merged before it showed needs
// no review any more.
func (s ApplyStatus) Succeeded() bool { return s == StatusApplied || s == StatusNothing }

// Apply-result block of a comment: replaced on every apply, placed right
// after the marker. The opening line carries the status.
const resultClose = "<!-- /octosync:apply -->"

var resultOpenRE = regexp.MustCompile(`(?m)^<!-- octosync:apply(?: status=([a-z]+))? -->$`)

func resultOpen(s ApplyStatus) string { return "<!-- octosync:apply status=" + string(s) + " -->" }

// ResultStatus is the status recorded in a comment's apply-result block
// ("" when no apply wrote one).
func ResultStatus(body string) ApplyStatus {
	if m := resultOpenRE.FindStringSubmatch(body); m != nil {
		return ApplyStatus(m[1])
	}
	return ""
}

// WithResult returns body with its apply-result block set to status and
// result (one Markdown paragraph), replacing any earlier one.
func WithResult(body string, status ApplyStatus, result string) string {
	if loc := resultOpenRE.FindStringIndex(body); loc != nil {
		if j := strings.Index(body[loc[0]:], resultClose); j >= 0 {
			body = body[:loc[0]] + strings.TrimLeft(body[loc[0]+j+len(resultClose):], "\n")
		}
	}
	block := resultOpen(status) + "\n" + result + "\n" + resultClose + "\n\n"
	if _, ok := ParseMarker(body); ok {
		first, rest, _ := strings.Cut(body, "\n")
		body = first + "\n" + block + strings.TrimLeft(rest, "\n")
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

// PullRequestHead is the commit at the tip of pull request pr's branch now.
func (c *Client) PullRequestHead(ctx context.Context, pr int) (string, error) {
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	out, _, err := c.gh.PullRequests.Get(cctx, c.owner, c.repo, pr)
	if err != nil {
		return "", apiError(fmt.Sprintf("read pull request #%d", pr), "pull-requests: read", err)
	}
	return out.GetHead().GetSHA(), nil
}
