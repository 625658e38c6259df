package ghactions

import (
	"context"
	"errors"
	"fmt"
	"github.com/octosync/octosync/internal/render"
	"strconv"
	"strings"

	"github.com/octosync/octosync/internal/gitrepo"
)

// PullResult is what a pull did, for the step's outputs and summary.
type PullResult struct {
	// Written and Removed count the files.
	Written, Removed int
	// Changelog says who changed what (pull.Changelog), drift-only pulls.
	Changelog []string
	// Commit is the commit made ("" when none), on Branch ("" for the
	// current one).
	Commit, Branch string
}

// PullDone publishes a pull: a short report in the step summary and the
// outputs (changes: files written or removed, drift: resources changed
// outside git, summary).
func (s *Step) PullDone(r PullResult) error {
	if !s.Enabled() {
		return nil
	}
	line := fmt.Sprintf("%d file(s) written, %d removed", r.Written, r.Removed)
	if r.Commit != "" {
		line += ", committed " + gitrepo.ShortHash(r.Commit)
		if r.Branch != "" {
			line += " on " + r.Branch
		}
	}
	var md strings.Builder
	md.WriteString("### octosync pull\n\n" + render.MarkdownText(line) + ".\n")
	if len(r.Changelog) > 0 {
		md.WriteString("\n" + changelogMarkdown(r.Changelog))
	}
	md.WriteString("\n")
	if err := AppendSummary(s.Env.SummaryFile, md.String(), "The whole list is in the job's log."); err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if err := WriteOutputs(s.Env.OutputFile, []Output{
		{"changes", strconv.Itoa(r.Written + r.Removed)},
		{"drift", strconv.Itoa(len(r.Changelog))},
		{"summary", line},
	}); err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	return nil
}

func changelogMarkdown(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("- " + render.MarkdownText(l) + "\n")
	}
	return b.String()
}

// DriftPullRequest opens, or updates, the one pull request from the drift
// branch head into base, listing who changed what. env names the
// environment of octosync.yaml the drift was found in ("" without
// environments): the title and the body name it, so that each
// environment's pull request (its own branch) says whose drift it holds.
func (s *Step) DriftPullRequest(ctx context.Context, head, base, env string, changelog []string) (*PullRequest, error) {
	base, c, err := s.driftClient(head, base)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("octosync: import %d dashboard edit(s)", len(changelog))
	where := "Live Octocom content"
	if env != "" {
		title += " in " + env
		where += " of the environment `" + render.MarkdownText(env) + "`"
	}
	var body strings.Builder
	body.WriteString(where + " was changed outside git. Merging this pull request makes the repository hold it, so the next apply keeps it; until then apply leaves it alone (drift).\n\n")
	body.WriteString(changelogMarkdown(changelog))
	body.WriteString("\nThis branch is rewritten by the nightly `octosync pull --drift-only` run")
	if env != "" {
		body.WriteString(" of " + render.MarkdownText(env))
	}
	if u := s.Env.RunURL(); u != "" {
		body.WriteString(" (last: [workflow run " + s.Env.RunID + "](" + u + "))")
	}
	body.WriteString(": add no commits to it, make changes in a pull request of your own.\n")
	pr, err := c.UpsertPullRequest(withContext(ctx), head, base, title, body.String())
	if err != nil {
		return nil, err
	}
	verb := "Updated"
	if pr.Created {
		verb = "Opened"
	}
	fmt.Fprintf(s.Log, "%s pull request #%d: %s\n", verb, pr.Number, pr.URL)
	return pr, nil
}

// CloseDriftPullRequest closes the drift pull request from head when a
// night finds no drift left in env ("" without environments): whatever it
// proposed was merged, imported or overwritten since, and an open one
// would only be stale. Only head's pull request is touched: another
// environment's drift is on a branch of its own.
func (s *Step) CloseDriftPullRequest(ctx context.Context, head, base, env string) error {
	base, c, err := s.driftClient(head, base)
	if err != nil {
		return err
	}
	why := "No drift left: the live configuration holds nothing that this repository's history lacks, so this pull request is stale. octosync closes it; the next dashboard edit opens a new one."
	if env != "" {
		why = "No drift left in the environment `" + render.MarkdownText(env) + "`: its live configuration holds nothing that this repository's history lacks, so this pull request is stale. octosync closes it; the next dashboard edit there opens a new one."
	}
	if u := s.Env.RunURL(); u != "" {
		why += " ([workflow run " + s.Env.RunID + "](" + u + "))"
	}
	pr, err := c.CloseOpenPullRequest(withContext(ctx), head, base, why)
	if err != nil || pr == nil {
		return err
	}
	fmt.Fprintf(s.Log, "Closed pull request #%d: no drift left.\n", pr.Number)
	return nil
}

// driftClient is the base branch of the drift pull request from head
// (base, else the checked-out branch) and the GitHub client.
func (s *Step) driftClient(head, base string) (string, *Client, error) {
	if base == "" {
		base = s.Env.RefName
	}
	if base == "" || base == head {
		return "", nil, errors.New("--pull-request: the base branch is unknown: check out the default branch (the checkout is detached)")
	}
	c, err := s.Client()
	if err != nil {
		return "", nil, fmt.Errorf("--pull-request: %w", err)
	}
	return base, c, nil
}
