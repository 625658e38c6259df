package ghactions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
)

// Review is what vouches for an apply on push: the pull request merged
// as the pushed commit and, when its own plan did not match, those merged
// before it since the last successful apply. Their plan comments get the
// apply's result.
type Review struct {
	// PR is the pull request merged as the pushed commit.
	PR int
	// Comments are the plan comments found, PR's first when it has one.
	Comments []PRComment
}

// PRComment is a pull request's plan comment.
type PRComment struct {
	PR      int
	Comment *Comment
}

// ReviewOptions says what apply --require-reviewed-plan may read.
type ReviewOptions struct {
	// Require is --require-reviewed-plan.
	Require bool
	// FirstParents lists the pushed commit and its first-parent ancestors,
	// newest first, at most n: the merges to the default branch.
	FirstParents func(n int) ([]string, error)
	// Runs says whether apply will execute a change (apply.Options.Runs):
	// those, and only those, need a review.
	Runs func(plan.Change) bool
}

// maxReviewWalk bounds the commits read back from the pushed one to find
// the pull requests merged since the last successful apply.
const maxReviewWalk = 50

// ReviewedPlan runs before apply executes p on a push: it finds the pull
// request merged as the pushed commit and its plan comment. With Require
// (--require-reviewed-plan) it accepts p when every change apply would
// send was shown, with the same digest, in a reviewed plan: the merged
// pull request's, or, when that differs (its own run was cancelled by a
// later merge, or two merges are applied at once), those of the pull
// requests merged since the last successful apply, found on the
// first-parent history. A plan with nothing to apply needs no review (the
// nightly drift pull request, opened with GITHUB_TOKEN, gets no plan
// run). Anything else is refused with a *ReviewError naming each change
// no reviewer saw; without Require, everything here is best effort and
// the result may be nil. Nothing is written to Octocom before this
// returns, so a refusal applies nothing.
func (s *Step) ReviewedPlan(ctx context.Context, p *plan.Plan, opts ReviewOptions) (*Review, error) {
	if !s.Enabled() || s.Env.EventName != "push" {
		return nil, nil
	}
	ctx = withContext(ctx)
	need := needsReview(p, opts.Runs)
	require := opts.Require && slices.Contains(need, true)
	key := s.key(p)
	rv, err := s.findReview(ctx, key)
	if err != nil {
		if require {
			return nil, fmt.Errorf("--require-reviewed-plan: %w; nothing was applied", err)
		}
		if !errors.Is(err, ErrNoPullRequest) || !opts.Require {
			s.note("the plan comment will not show this apply: %v", err)
		}
		return nil, nil
	}
	if !require {
		return rv, nil
	}
	now, err := FingerprintOf(p)
	if err != nil {
		return nil, err
	}
	if len(rv.Comments) > 0 && rv.Comments[0].Comment.Marker.Fingerprint.Sum == now.Sum {
		return rv, nil
	}
	if err := s.addMergedSince(ctx, rv, key, opts.FirstParents); err != nil {
		return nil, fmt.Errorf("--require-reviewed-plan: %w; nothing was applied", err)
	}
	var reviewed []Fingerprint
	for _, pc := range rv.Comments {
		reviewed = append(reviewed, pc.Comment.Marker.Fingerprint)
	}
	unreviewed := Unreviewed(now, need, reviewed)
	if len(unreviewed) == 0 {
		return rv, nil
	}
	return nil, s.refuse(ctx, rv, key, now, unreviewed)
}

// refuse is the *ReviewError for rv, after noting the refusal in the
// merged pull request's comment.
func (s *Step) refuse(ctx context.Context, rv *Review, key CommentKey, now Fingerprint, unreviewed []string) error {
	e := &ReviewError{PRs: []int{rv.PR}, Dir: key.Dir, Env: key.Env, Now: now.Short(), Unreviewed: unreviewed}
	for _, pc := range rv.Comments {
		if pc.PR != rv.PR {
			e.PRs = append(e.PRs, pc.PR)
		}
	}
	if len(rv.Comments) > 0 && rv.Comments[0].PR == rv.PR {
		e.Reviewed = rv.Comments[0].Comment.Marker.Fingerprint.Short()
		s.updateResult(ctx, rv.Comments[:1], StatusRefused, fmt.Sprintf("**Skipped** after merge%s: the plan at commit %s (fingerprint `%s`) has changes no reviewed plan showed, so `--require-reviewed-plan` applied nothing.",
			s.runLink(), gitrepo.ShortHash(s.Env.SHA), now.Short()))
	}
	return e
}

// findReview finds the pull request merged as the pushed commit and its
// plan comment for key: the comment of the environment being applied, so
// a plan reviewed for another environment vouches for nothing here.
func (s *Step) findReview(ctx context.Context, key CommentKey) (*Review, error) {
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
	cm, err := c.FindComment(ctx, pr, key)
	if err != nil {
		return nil, err
	}
	rv := &Review{PR: pr}
	if cm != nil {
		rv.Comments = append(rv.Comments, PRComment{PR: pr, Comment: cm})
	}
	return rv, nil
}

// addMergedSince adds to rv the plan comments for key of the pull
// requests merged before rv.PR, walking the first-parent history back
// from the pushed commit until a pull request whose comment for key
// records a successful apply (that environment's organization held
// everything up to it) or maxReviewWalk commits.
func (s *Step) addMergedSince(ctx context.Context, rv *Review, key CommentKey, firstParents func(int) ([]string, error)) error {
	if firstParents == nil {
		return nil
	}
	commits, err := firstParents(maxReviewWalk)
	if err != nil {
		return fmt.Errorf("read the merges before commit %s: %w", gitrepo.ShortHash(s.Env.SHA), err)
	}
	c, err := s.Client()
	if err != nil {
		return err
	}
	seen := map[int]bool{rv.PR: true}
	for _, sha := range commits {
		pr, err := c.MergedPullRequest(ctx, sha)
		if errors.Is(err, ErrNoPullRequest) {
			continue
		}
		if err != nil {
			return err
		}
		if seen[pr] {
			continue
		}
		seen[pr] = true
		cm, err := c.FindComment(ctx, pr, key)
		if err != nil {
			return err
		}
		if cm == nil {
			continue
		}
		if ResultStatus(cm.Body).Succeeded() {
			return nil
		}
		rv.Comments = append(rv.Comments, PRComment{PR: pr, Comment: cm})
	}
	return nil
}

// ApplyDone publishes an apply's report: an ::error annotation per failed
// change, the report in the step summary, the outputs (changes applied,
// drift, withheld, summary), and the result in the pull request's plan
// comment when rv found one.
func (s *Step) ApplyDone(ctx context.Context, rv *Review, p *plan.Plan, r *apply.Report) error {
	if !s.Enabled() {
		return nil
	}
	notes := warningAnnotations(p)
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
		status, line := s.result(r)
		s.updateResult(withContext(ctx), rv.Comments, status, line)
	}
	return nil
}

// result is the status and the paragraph an apply's report writes into
// the plan comments.
func (s *Step) result(r *apply.Report) (ApplyStatus, string) {
	word, status := "Applied", StatusApplied
	switch {
	case !r.OK():
		word, status = "Failed", StatusFailed
	case r.Count(apply.Applied) == 0:
		word, status = "Skipped", StatusNothing
	}
	return status, fmt.Sprintf("**%s** after merge%s at commit %s: %s.", word, s.runLink(), gitrepo.ShortHash(s.Env.SHA), render.MarkdownText(render.ApplySummaryLine(r)))
}

func (s *Step) runLink() string {
	if u := s.Env.RunURL(); u != "" {
		return " in [workflow run " + s.Env.RunID + "](" + u + ")"
	}
	return ""
}

// updateResult writes the result into each plan comment. The apply has
// already happened (or been refused): a failure here is a warning, not an
// error.
func (s *Step) updateResult(ctx context.Context, comments []PRComment, status ApplyStatus, result string) {
	for _, pc := range comments {
		c, err := s.Client()
		if err == nil {
			_, err = c.EditComment(ctx, pc.PR, pc.Comment.ID, WithResult(pc.Comment.Body, status, result))
		}
		if err != nil {
			_ = Write(s.Log, []Annotation{{Level: LevelWarning, Message: "the plan comment was not updated with the apply result: " + err.Error()}})
			continue
		}
		fmt.Fprintf(s.Log, "Updated the plan comment on pull request #%d with the apply result.\n", pc.PR)
	}
}
