package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/live"
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
	repo, err := loadRepo(env, c.Dir)
	if err != nil {
		return err
	}
	sess, err := c.connect(env, c.Dir, repo.Config.API.URL)
	if err != nil {
		return err
	}
	defer sess.Close()

	warnUncommitted(env, c.Dir)
	var p *plan.Plan
	if c.PlanFile != "" {
		p, err = c.loadSavedPlan(env, sess)
	} else {
		p, err = c.planNow(env, repo, sess)
	}
	if err != nil || p == nil {
		return err
	}
	if refused := massDeleteRefusals(p); len(refused) > 0 {
		return fmt.Errorf("refusing to apply, nothing was applied: %s if the deletes are intended", refused[0].Withheld)
	}
	if !c.hasWork(p) {
		if c.Output == "json" {
			return c.writeReport(env, &apply.Report{})
		}
		fmt.Fprintln(env.Stdout, "Nothing to apply.")
		return nil
	}

	if c.Output == "text" {
		fmt.Fprintln(env.Stdout)
	}
	hook := newProgress(env)
	report := apply.Run(env.Ctx, sess.Provider, p, apply.Options{ForceDrift: c.ForceDrift, Hook: hook, Parallelism: 2 * c.Parallelism})
	hook.finish()
	if err := c.writeReport(env, report); err != nil {
		return err
	}
	switch {
	case report.Interrupted:
		return withCode(ExitInterrupted, errors.New("interrupted: changes in flight finished, none was started after the signal; run apply again to finish"))
	case report.Count(apply.Failed) > 0:
		return withCode(ExitError, fmt.Errorf("%d change(s) failed; the others were applied. Fix the cause and run apply again: it picks up where this run stopped", report.Count(apply.Failed)))
	}
	return nil
}

// planNow plans, shows the plan and asks for approval on a terminal.
func (c *applyCmd) planNow(env *Env, repo *source.Repo, sess *session) (*plan.Plan, error) {
	opts, err := c.planOptions(repo, nil, c.AllowMassDelete, c.ForceDrift)
	if err != nil {
		return nil, err
	}
	res, err := computePlan(env, repo, sess, opts)
	if err != nil {
		return nil, err
	}
	p := res.Plan
	out := env.Stdout
	if c.Output == "json" {
		out = env.Stderr // keep stdout for the JSON report
	}
	if err := render.Text(out, p, render.TextOptions{Color: useColor(env, c.NoColor)}); err != nil {
		return nil, err
	}
	if err := refuseBlindOverwrites(res, c.ForceDrift); err != nil {
		return nil, err
	}
	if !c.hasWork(p) || c.AutoApprove {
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

// loadSavedPlan reads PLANFILE and refuses it when any planned resource
// moved since.
func (c *applyCmd) loadSavedPlan(env *Env, sess *session) (*plan.Plan, error) {
	// The saved plan decides what happens; filters belong to the plan run.
	var ignored []string
	if len(c.Business) > 0 {
		ignored = append(ignored, "--business")
	}
	if len(c.Kind) > 0 {
		ignored = append(ignored, "--kind")
	}
	if c.Prune {
		ignored = append(ignored, "--prune")
	}
	if c.MaxDeletes >= 0 {
		ignored = append(ignored, "--max-deletes")
	}
	if len(ignored) > 0 {
		flags := strings.Join(ignored, ", ")
		return nil, fmt.Errorf("%s cannot change a saved plan: pass %s to `octosync plan --out` instead", flags, flags)
	}
	data, err := os.ReadFile(c.PlanFile)
	if err != nil {
		return nil, err
	}
	p, err := plan.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.PlanFile, err)
	}
	if p.Sandbox != sess.Sandbox {
		if p.Sandbox {
			return nil, fmt.Errorf("%s was planned against the sandbox: pass --sandbox to apply it there", c.PlanFile)
		}
		return nil, fmt.Errorf("%s was planned against a real organization: run it without --sandbox", c.PlanFile)
	}
	// Without --allow-mass-delete the guard matters: a plan made without
	// --force-drift never counted its drifted deletes toward it.
	if c.ForceDrift && !c.AllowMassDelete && !p.ForceDrift && slices.ContainsFunc(p.Changes, func(ch plan.Change) bool {
		return ch.Action == plan.Delete && ch.Drift != nil && ch.Withheld == ""
	}) {
		return nil, fmt.Errorf("%s was planned without --force-drift, so its deletes of dashboard-created resources were not counted toward the mass-delete guard: run the same `octosync plan ... --out` command again with --force-drift and apply that plan (or pass --allow-mass-delete if the deletes are intended)", c.PlanFile)
	}
	if c.AllowMassDelete {
		// The plan withheld these only for the threshold: lift it, before
		// the stale check, so the lifted deletes are checked too.
		for i := range p.Changes {
			if p.Changes[i].MassDelete() {
				p.Changes[i].Withheld = ""
			}
		}
	}
	var businesses []string
	for _, ch := range p.Changes {
		if !slices.Contains(businesses, ch.Key.Business) {
			businesses = append(businesses, ch.Key.Business)
		}
	}
	if len(businesses) == 0 {
		return p, nil
	}
	slices.Sort(businesses)
	st, err := live.Fetch(env.Ctx, sess.Provider, live.Options{Businesses: businesses})
	if err != nil {
		return nil, err
	}
	p, done, err := apply.Reconcile(p, st.Resources)
	if err != nil {
		return nil, err
	}
	if len(done) > 0 {
		fmt.Fprintf(env.Stderr, "%d change(s) of %s are live already (an earlier, interrupted run applied them): going on with the rest.\n", len(done), c.PlanFile)
	}
	return p, nil
}

// massDeleteRefusals lists the deletes the plan refused as a mass delete.
func massDeleteRefusals(p *plan.Plan) []plan.Change {
	var out []plan.Change
	for _, ch := range p.Changes {
		if ch.MassDelete() {
			out = append(out, ch)
		}
	}
	return out
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

// hasWork reports whether apply would execute any change of p: one that is
// not withheld, and not drifted unless --force-drift.
func (c *applyCmd) hasWork(p *plan.Plan) bool {
	for _, ch := range p.Changes {
		if ch.Withheld == "" && (ch.Drift == nil || c.ForceDrift) {
			return true
		}
	}
	return false
}

// warnUncommitted says so when the repository has uncommitted changes under
// businesses/: content applied from them and later reverted would look like
// someone else's edit (drift) to the next plan.
func warnUncommitted(env *Env, dir string) {
	g, err := gitrepo.Open(dir)
	if err != nil {
		return
	}
	defer g.Close()
	status, err := g.Status()
	if err != nil {
		return
	}
	var dirty []string
	for p := range status {
		if strings.HasPrefix(p, "businesses/") {
			dirty = append(dirty, p)
		}
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

// refuseBlindOverwrites stops an apply in a shallow clone, where octosync
// cannot tell a dashboard edit from outdated content, before it overwrites
// or deletes anything live: that is how CI checks out by default, and
// "drift is never overwritten silently" must hold there. Outside git (a
// local experiment) the plan's warning is enough.
func refuseBlindOverwrites(res *planned, forceDrift bool) error {
	if forceDrift || !errors.Is(res.NoHistory, history.ErrShallow) {
		return nil
	}
	n := 0
	for _, ch := range res.Changes {
		if ch.Withheld == "" && (ch.Action == plan.Update || ch.Action == plan.Delete) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("shallow clone: without the full git history octosync cannot tell whether the %d live resource(s) it would overwrite or delete were edited in the dashboard, so it applies nothing: fetch the history (`git fetch --unshallow`; in GitHub Actions give actions/checkout `fetch-depth: 0`), or pass --force-drift to overwrite them anyway", n)
}
