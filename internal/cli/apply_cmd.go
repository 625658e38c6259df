package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/source"
)

type applyCmd struct {
	planFlags
	apiFlags
	PlanFile        string `arg:"" optional:"" name:"planfile" help:"A plan saved with 'octosync plan --out FILE': apply exactly its changes." placeholder:"PLANFILE"`
	AutoApprove     bool   `name:"auto-approve" help:"Apply without asking (required when there is no terminal, as in CI)."`
	ForceDrift      bool   `name:"force-drift" help:"Also overwrite live content that was edited outside git."`
	AllowMassDelete bool   `name:"allow-mass-delete" help:"Allow deletes past --max-deletes or of more than half of a business's resources of one kind."`
	Output          string `short:"o" enum:"text,json" default:"text" help:"Report format: text or json."`
	// RequireReviewedPlan: see docs/github-actions.md.
	RequireReviewedPlan bool `name:"require-reviewed-plan" help:"On a push in GitHub Actions: apply only changes a reviewed plan showed, with the same fingerprint (the merged pull request's plan comment, or those of pull requests merged since the last successful apply); otherwise apply nothing and name each change no reviewer saw. A plan with nothing to apply needs no review."`
}

func (c *applyCmd) Help() string {
	return `Without PLANFILE: plans, shows the plan and asks for confirmation on a
terminal (or proceeds with --auto-approve). With PLANFILE: applies exactly the
changes of a saved plan after checking that no planned resource moved since.

Every update and delete is conditional on the version planned against, so
nothing edited since the plan is overwritten. Creates carry an idempotency key
and are checked before any retry, so an interrupted apply never duplicates:
run it again and it converges.`
}

func (c *applyCmd) Run(env *Env) error {
	// A saved plan is checked against the files at once; otherwise they
	// are read while live state is fetched (buildPlan).
	repo, err := openRepo(env, c.Dir, c.PlanFile != "", false)
	if err != nil {
		return err
	}
	gh := ghactions.NewStep(env.Getenv, repo.Root, env.Stderr)
	if err := gh.CheckCommand("apply", false, c.RequireReviewedPlan); err != nil {
		return err
	}
	sess, err := c.connect(env, repo.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()

	warnUncommitted(env, repo.Root)
	opts := apply.Options{ForceDrift: c.ForceDrift, AllowMassDelete: c.AllowMassDelete, Parallelism: 2 * c.Parallelism}
	var p *plan.Plan
	if c.PlanFile != "" {
		p, err = c.loadSavedPlan(env, sess, opts)
	} else {
		p, err = c.planNow(env, repo, sess, opts)
	}
	if err != nil || p == nil {
		return err
	}
	review, err := gh.ReviewedPlan(env.Ctx, p, ghactions.ReviewOptions{Require: c.RequireReviewedPlan, FirstParents: firstParents(repo.Root), Runs: opts.Runs})
	if err != nil {
		return err
	}
	if !apply.HasWork(p, opts) && c.Output == "text" {
		warnOnly(env, gh.ApplyDone(env.Ctx, review, p, &apply.Report{}))
		fmt.Fprintln(env.Stdout, "Nothing to apply.")
		return nil
	}
	// With nothing to do, Run sends no request: the JSON report still
	// lists every skipped change, as it does when there is work.
	if c.Output == "text" {
		fmt.Fprintln(env.Stdout)
	}
	hook := newProgress(env, c.Output == "json")
	opts.Hook = hook
	report := apply.Run(env.Ctx, sess.Provider, p, opts)
	hook.finish()
	if err := c.writeReport(env, report); err != nil {
		return err
	}
	warnOnly(env, gh.ApplyDone(env.Ctx, review, p, report))
	switch {
	case report.Interrupted:
		return withCode(ExitInterrupted, errors.New("interrupted: changes in flight finished, none was started after the signal; run apply again to finish"))
	case report.Count(apply.Failed) > 0:
		return withCode(ExitError, fmt.Errorf("%d change(s) failed; the others were applied. Fix the cause and run apply again: it picks up where this run stopped", report.Count(apply.Failed)))
	}
	return nil
}

// planNow plans, shows the plan and asks for approval on a terminal.
func (c *applyCmd) planNow(env *Env, repo *repoReader, sess *session, aopts apply.Options) (*plan.Plan, error) {
	opts, err := c.planOptions(&repo.Layout, nil, nil, c.AllowMassDelete, c.ForceDrift)
	if err != nil {
		return nil, err
	}
	p, err := buildPlan(env, repo, sess, opts)
	if err != nil {
		return nil, err
	}
	out := env.Stdout
	if c.Output == "json" {
		out = env.Stderr // keep stdout for the JSON report
	}
	if err := render.Text(out, p, render.TextOptions{Color: useColor(env, c.NoColor)}); err != nil {
		return nil, err
	}
	if err := apply.CheckGuards(p, aopts); err != nil {
		return nil, err
	}
	if !apply.HasWork(p, aopts) || c.AutoApprove {
		return p, nil
	}
	if !env.StdinTerminal {
		return nil, errors.New("no terminal to ask for confirmation: pass --auto-approve to apply without asking (nothing was applied)")
	}
	fmt.Fprint(env.Stderr, "\nApply these changes? [y/N] ")
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		// Not a success: a script chaining `octosync apply && ...` must stop.
		return nil, errors.New("apply cancelled: nothing was changed")
	}
	return p, nil
}

// loadSavedPlan reads PLANFILE and refuses it when it was made for another
// target or any planned resource moved since (apply.CheckSaved,
// apply.Reconcile).
func (c *applyCmd) loadSavedPlan(env *Env, sess *session, opts apply.Options) (*plan.Plan, error) {
	// The saved plan decides what happens; filters belong to the plan run.
	var ignored []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"--business", len(c.Business) > 0}, {"--kind", len(c.Kind) > 0}, {"--prune", c.Prune}, {"--max-deletes", c.MaxDeletes >= 0}} {
		if f.set {
			ignored = append(ignored, f.name)
		}
	}
	if len(ignored) > 0 {
		flags := strings.Join(ignored, ", ")
		return nil, fmt.Errorf("%s cannot change a saved plan: pass %s to `octosync plan --out` instead", flags, flags)
	}
	data, err := os.ReadFile(c.PlanFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such plan file: save one with `octosync plan --out %s`, or run `octosync apply` without a plan file to plan and apply in one step", c.PlanFile, c.PlanFile)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", c.PlanFile, errors.Unwrap(err))
	}
	p, err := plan.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.PlanFile, err)
	}
	if err := apply.CheckSaved(c.PlanFile, p, apply.Target{Name: sess.Target, Sandbox: sess.Sandbox, Environment: sess.EnvironmentName()}, opts); err != nil {
		return nil, err
	}
	if err := apply.CheckGuards(p, opts); err != nil {
		return nil, err
	}
	if c.Output == "text" {
		if n := render.TargetNotice(p, render.VerbApply(c.PlanFile)); n != "" {
			fmt.Fprintln(env.Stdout, n)
		}
	}
	p, done, err := apply.Resume(env.Ctx, sess.Provider, p, opts)
	if err != nil {
		return nil, err
	}
	if len(done) > 0 {
		fmt.Fprintf(env.Stderr, "%d change(s) of %s are live already (an earlier, interrupted run applied them): going on with the rest.\n", len(done), c.PlanFile)
	}
	return p, nil
}

func (c *applyCmd) writeReport(env *Env, r *apply.Report) error {
	var buf bytes.Buffer
	var err error
	if c.Output == "json" {
		err = render.ApplyJSON(&buf, r)
	} else {
		err = render.ApplyText(&buf, r, render.TextOptions{Color: useColor(env, c.NoColor)})
	}
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// warnUncommitted says so when the repository has uncommitted changes under
// businesses/: content applied from them and later reverted would look like
// someone else's edit (drift) to the next plan.
func warnUncommitted(env *Env, dir string) {
	uncommitted, err := source.Uncommitted(dir)
	if err != nil {
		return
	}
	var dirty []string
	for p := range uncommitted {
		dirty = append(dirty, p)
	}
	if len(dirty) == 0 {
		return
	}
	slices.Sort(dirty)
	more := ""
	if len(dirty) > 3 {
		more = fmt.Sprintf(" and %d more", len(dirty)-3)
		dirty = dirty[:3]
	}
	fmt.Fprintf(env.Stderr, "Warning: applying uncommitted changes (%s%s): commit them, or the next plan may report this content as drift once the files change again.\n", render.Visible(strings.Join(dirty, ", ")), more)
}

// firstParents reads the merges before the pushed commit, for
// --require-reviewed-plan.
func firstParents(root string) func(int) ([]string, error) {
	return func(n int) ([]string, error) {
		g, err := gitrepo.Open(root)
		if err != nil {
			return nil, err
		}
		defer g.Close()
		return g.FirstParents(n)
	}
}
