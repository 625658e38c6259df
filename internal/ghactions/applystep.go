package ghactions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
)

// Review is the pull request an apply on push comes from, and its plan
// comment (nil when it has none), to be updated with the apply's result.
type Review struct {
	PR      int
	Comment *Comment
}

// ReviewedPlan runs before apply executes p on a push: it finds the pull
// request merged as the pushed commit and its plan comment. With require
// (--require-reviewed-plan) it refuses, with a *ReviewError saying what
// differs, a plan whose fingerprint is not the one the comment shows, and
// any failure to find them is an error; without it, they are best effort
// and the result may be nil. Nothing is written to Octocom before this
// returns, so a refusal applies nothing.
func (s *Step) ReviewedPlan(ctx context.Context, p *plan.Plan, require bool) (*Review, error) {
	if !s.Enabled() || s.Env.EventName != "push" {
		return nil, nil
	}
	ctx = withContext(ctx)
	rv, err := s.findReview(ctx)
	if err != nil {
		if require {
			return nil, fmt.Errorf("--require-reviewed-plan: %w; nothing was applied", err)
		}
		s.note("the plan comment will not show this apply: %v", err)
		return nil, nil
	}
	if !require {
		return rv, nil
	}
	now, err := FingerprintOf(p)
	if err != nil {
		return nil, err
	}
	refusal := &ReviewError{PR: rv.PR, Dir: s.Dir, Now: now.Short()}
	if rv.Comment != nil {
		reviewed := rv.Comment.Marker.Fingerprint
		if reviewed.Sum == now.Sum {
			return rv, nil
		}
		refusal.Reviewed, refusal.Differences = reviewed.Short(), Differences(reviewed, now)
		s.updateResult(ctx, rv, fmt.Sprintf("**Skipped** after merge%s: the plan at commit %s (fingerprint `%s`) differs from the one shown here, so `--require-reviewed-plan` applied nothing.",
			s.runLink(), gitrepo.ShortHash(s.Env.SHA), now.Short()))
	}
	return nil, refusal
}

func (s *Step) findReview(ctx context.Context) (*Review, error) {
	if s.Env.SHA == "" {
		return nil, errors.New("GITHUB_SHA is not set: the pushed commit is unknown")
	}
	c, err := s.Client()
	if err != nil {
		return nil, err
	}
	pr, err := c.MergedPullRequest(ctx, s.Env.SHA)
	if err != nil {
		return nil, err
	}
	cm, err := c.FindComment(ctx, pr, s.Dir)
	if err != nil {
		return nil, err
	}
	return &Review{PR: pr, Comment: cm}, nil
}

// ApplyDone publishes an apply's report: an ::error annotation per failed
// change, the report in the step summary, the outputs (changes applied,
// drift, withheld, summary), and the result in the pull request's plan
// comment when rv found one.
func (s *Step) ApplyDone(ctx context.Context, rv *Review, p *plan.Plan, r *apply.Report) error {
	if !s.Enabled() {
		return nil
	}
	var notes []Annotation
	for _, res := range r.Results {
		if res.Outcome != apply.Failed {
			continue
		}
		a := Annotation{Level: LevelError, Title: "octosync: apply failed",
			Message: fmt.Sprintf("%s %s %q in %s failed: %s", res.Change.Action, res.Change.Key.Kind, res.Change.Key.Title, res.Change.Key.Business, res.Reason)}
		if res.Change.Path != "" {
			a.File = WorkspacePath(s.Env.Workspace, s.Root, res.Change.Path)
		}
		notes = append(notes, a)
	}
	if err := Write(s.Log, notes); err != nil {
		return err
	}
	var md bytes.Buffer
	if err := render.ApplyMarkdown(&md, r); err != nil {
		return err
	}
	md.WriteString("\n")
	if err := AppendSummary(s.Env.SummaryFile, md.String(), "The whole report is in the job's log."); err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	sum := p.Summary()
	if err := WriteOutputs(s.Env.OutputFile, []Output{
		{"changes", strconv.Itoa(r.Count(apply.Applied))},
		{"drift", strconv.Itoa(sum.Drift)},
		{"withheld", strconv.Itoa(sum.Withheld)},
		{"summary", render.ApplySummaryLine(r)},
	}); err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	if rv != nil {
		s.updateResult(withContext(ctx), rv, s.resultLine(r))
	}
	return nil
}

// resultLine is the comment's apply-result paragraph.
func (s *Step) resultLine(r *apply.Report) string {
	word := "Applied"
	switch {
	case !r.OK():
		word = "Failed"
	case r.Count(apply.Applied) == 0:
		word = "Skipped"
	}
	return fmt.Sprintf("**%s** after merge%s at commit %s: %s.", word, s.runLink(), gitrepo.ShortHash(s.Env.SHA), markdownText(render.ApplySummaryLine(r)))
}

func (s *Step) runLink() string {
	if u := s.Env.RunURL(); u != "" {
		return " in [workflow run " + s.Env.RunID + "](" + u + ")"
	}
	return ""
}

// updateResult writes result into the plan comment. The apply has already
// happened (or been refused): a failure here is a warning, not an error.
func (s *Step) updateResult(ctx context.Context, rv *Review, result string) {
	if rv == nil || rv.Comment == nil {
		return
	}
	c, err := s.Client()
	if err == nil {
		_, _, err = c.EditComment(ctx, rv.PR, rv.Comment.ID, WithResult(rv.Comment.Body, result))
	}
	if err != nil {
		fmt.Fprintln(s.Log, Annotation{Level: LevelWarning, Message: "the plan comment was not updated with the apply result: " + err.Error()}.String())
		return
	}
	fmt.Fprintf(s.Log, "Updated the plan comment on pull request #%d with the apply result.\n", rv.PR)
}
