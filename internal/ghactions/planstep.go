package ghactions

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
)

// PlanDone publishes a finished plan: drift annotations, the plan in the
// step summary, the outputs (changes, drift, withheld, plan-json, summary,
// fingerprint), and with comment the sticky pull-request comment. saved is
// the plan's --out file ("" writes one to RUNNER_TEMP for plan-json). The
// summary and outputs are written before the comment, so a GitHub API
// failure still leaves them.
func (s *Step) PlanDone(ctx context.Context, p *plan.Plan, saved string, comment bool) error {
	if !s.Enabled() {
		return nil
	}
	fp, err := FingerprintOf(p)
	if err != nil {
		return err
	}
	if err := Write(s.Log, append(warningAnnotations(p), s.driftAnnotations(p)...)); err != nil {
		return err
	}
	jsonPath, err := s.planJSON(p, saved)
	if err != nil {
		return err
	}
	var md bytes.Buffer
	if err := render.Markdown(&md, p, render.MarkdownOptions{MaxLen: SummaryLimit / 2}); err != nil {
		return err
	}
	md.WriteString("\n<sub>Plan fingerprint `" + fp.Short() + "`.</sub>\n\n")
	if err := AppendSummary(s.Env.SummaryFile, md.String(), "The whole plan is in the plan-json output."); err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	sum := p.Summary()
	applicable := 0
	for _, c := range p.Changes {
		if c.Applicable() {
			applicable++
		}
	}
	if err := WriteOutputs(s.Env.OutputFile, []Output{
		{"changes", strconv.Itoa(applicable)},
		{"drift", strconv.Itoa(sum.Drift)},
		{"withheld", strconv.Itoa(sum.Withheld)},
		{"plan-json", jsonPath},
		{"summary", PlanSummaryLine(sum)},
		{"fingerprint", fp.Sum},
	}); err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	if !comment {
		return nil
	}
	return s.comment(withContext(ctx), p, fp)
}

// key is the pull-request comment of p: its directory and environment.
func (s *Step) key(p *plan.Plan) CommentKey {
	return CommentKey{Dir: s.Dir, Env: p.Environment}
}

// envPhrase is " for the environment NAME", or "" without one.
func envPhrase(env string) string {
	if env == "" {
		return ""
	}
	return " for the environment " + env
}

// PlanSummaryLine is a plan's one-line summary, the summary output.
func PlanSummaryLine(s plan.Summary) string {
	return fmt.Sprintf("%d to create, %d to update, %d to restore, %d to delete; %d drifted, %d withheld, %d unchanged",
		s.Create, s.Update, s.Restore, s.Delete, s.Drift, s.Withheld, s.Unchanged)
}

// comment creates or updates the plan comment of the triggering pull
// request. It never replaces a comment showing the plan of another head
// commit unless this run's head is the pull request's head now: two runs
// of one pull request may finish in either order, and the last to finish
// must not put an older plan (and fingerprint) back.
func (s *Step) comment(ctx context.Context, p *plan.Plan, fp Fingerprint) error {
	ev, err := s.Env.PullRequest()
	if err != nil {
		return err
	}
	head := firstSet(ev.Head, s.Env.SHA)
	c, err := s.Client()
	if err != nil {
		return err
	}
	body, err := PlanCommentBody(s.Env, s.Dir, head, p, fp)
	if err != nil {
		return err
	}
	var current string
	keep := func(found *Comment) (bool, error) {
		if found.Marker.Head == "" || found.Marker.Head == head {
			return false, nil
		}
		now, err := c.PullRequestHead(ctx, ev.Number)
		current = now
		return err == nil && now != head, err
	}
	cm, created, replaced, err := c.UpsertComment(ctx, ev.Number, s.key(p), body, keep)
	if err != nil {
		return err
	}
	switch {
	case created:
		fmt.Fprintf(s.Log, "Posted the plan%s on pull request #%d: %s\n", envPhrase(p.Environment), ev.Number, cm.URL)
	case replaced:
		fmt.Fprintf(s.Log, "Updated the plan%s on pull request #%d: %s\n", envPhrase(p.Environment), ev.Number, cm.URL)
	default:
		s.note("pull request #%d moved on to commit %s since this run started (for commit %s): its comment, which shows the plan of commit %s, is left as it is", ev.Number, gitrepo.ShortHash(current), gitrepo.ShortHash(head), gitrepo.ShortHash(cm.Marker.Head))
	}
	return nil
}

// planJSON returns the saved plan's path, writing one to RUNNER_TEMP when
// the command saved none ("" when there is no RUNNER_TEMP either). The
// name depends on the directory and the environment, so two directories
// or two environments planned in one job keep two files.
func (s *Step) planJSON(p *plan.Plan, saved string) (string, error) {
	if saved != "" {
		abs, err := filepath.Abs(saved)
		if err != nil {
			return "", err
		}
		return abs, nil
	}
	if s.Env.Temp == "" {
		return "", nil
	}
	data, err := plan.Marshal(p)
	if err != nil {
		return "", err
	}
	id := s.Root
	if p.Environment != "" {
		id += "\x00" + p.Environment
	}
	h := sha256.Sum256([]byte(id))
	path := filepath.Join(s.Env.Temp, "octosync-plan-"+hex.EncodeToString(h[:4])+".json")
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return "", fmt.Errorf("%s: a symbolic link; refusing to write through it", path)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("plan-json: %w", err)
	}
	return path, nil
}

// warningAnnotations turn the plan's warnings (a shallow clone that turns
// drift detection off, ...) into ::warning annotations, which GitHub shows
// on the run's page, where a line in the log goes unseen.
func warningAnnotations(p *plan.Plan) []Annotation {
	out := make([]Annotation, 0, len(p.Warnings))
	for _, w := range p.Warnings {
		out = append(out, Annotation{Level: LevelWarning, Title: "octosync", Message: w})
	}
	return out
}

// driftAnnotations warns about each drifted change, on its file when it
// has one, naming who edited what.
func (s *Step) driftAnnotations(p *plan.Plan) []Annotation {
	var out []Annotation
	for _, c := range p.Changes {
		if c.Drift == nil {
			continue
		}
		a := Annotation{
			Level:   LevelWarning,
			Title:   "octosync: drift",
			Message: fmt.Sprintf("%s %q in %s: %s", c.Key.Kind, c.Key.Title, c.Key.Business, render.DriftNote(c)),
		}
		if c.Path != "" {
			a.File = WorkspacePath(s.Env.Workspace, s.Root, c.Path)
		}
		out = append(out, a)
	}
	return out
}
