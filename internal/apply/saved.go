package apply

import (
	"fmt"
	"slices"

	"github.com/octosync/octosync/internal/plan"
)

// Target is where an apply would write: the API URL (without credentials)
// or the sandbox.
type Target struct {
	Name    string
	Sandbox bool
	// Environment is the environment of octosync.yaml the apply runs in,
	// "" without environments.
	Environment string
}

// CheckSaved refuses a saved plan that apply must not execute here: one
// made against another target (the sandbox for a real organization, or
// another API URL), or one whose drifted deletes were never counted toward
// the mass-delete guard while opts would execute them. file names the plan
// in messages.
func CheckSaved(file string, p *plan.Plan, target Target, opts Options) error {
	if p.Sandbox != target.Sandbox {
		if p.Sandbox {
			return fmt.Errorf("%s was planned against the sandbox: pass --sandbox to apply it there", file)
		}
		return fmt.Errorf("%s was planned against a real organization: run it without --sandbox", file)
	}
	if p.Environment != target.Environment {
		return fmt.Errorf("%s was planned for %s, not %s: apply it with --env %s, or make a new plan for this environment", file, environmentName(p.Environment), environmentName(target.Environment), p.Environment)
	}
	if !target.Sandbox && p.Target != "" && p.Target != target.Name {
		return fmt.Errorf("%s was planned against %s, not %s: apply it with --api-url %s (or OCTOCOM_API_URL), or make a new plan against this API", file, p.Target, target.Name, p.Target)
	}
	// Without --allow-mass-delete the guard matters: a plan made without
	// --force-drift never counted its drifted deletes toward it.
	if opts.ForceDrift && !opts.AllowMassDelete && !p.ForceDrift && slices.ContainsFunc(p.Changes, func(ch plan.Change) bool {
		return ch.Action == plan.Delete && ch.Held(plan.Allow{}) == plan.HoldDrift
	}) {
		return fmt.Errorf("%s was planned without --force-drift, so its deletes of dashboard-created resources were not counted toward the mass-delete guard: run the same `octosync plan ... --out` command again with --force-drift and apply that plan (or pass --allow-mass-delete if the deletes are intended)", file)
	}
	return nil
}

// CheckGuards refuses to apply p at all when it holds deletes withheld as a
// mass delete that opts does not allow, or when it was planned in a
// shallow clone and would overwrite or delete live content without
// --force-drift: octosync cannot tell a dashboard edit from outdated
// content there, and "drift is never overwritten silently" must hold in CI,
// which checks out shallow by default.
func CheckGuards(p *plan.Plan, opts Options) error {
	if !opts.AllowMassDelete {
		for _, ch := range p.Changes {
			if ch.Held(opts.Allow()) == plan.HoldMassDelete {
				return fmt.Errorf("refusing to apply, nothing was applied: %s if the deletes are intended", ch.HoldText(plan.HoldMassDelete))
			}
		}
	}
	if opts.ForceDrift || p.History != plan.HistoryShallow {
		return nil
	}
	n := 0
	for _, ch := range p.Changes {
		if ch.Runs(opts.Allow()) && (ch.Action == plan.Update || ch.Action == plan.Delete) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("shallow clone: without the full git history octosync cannot tell whether the %d live resource(s) it would overwrite or delete were edited in the dashboard, so it applies nothing: fetch the history (`git fetch --unshallow`; in GitHub Actions give actions/checkout `fetch-depth: 0`), or pass --force-drift to overwrite them anyway", n)
}

// environmentName names an environment in messages.
func environmentName(env string) string {
	if env == "" {
		return "no environment"
	}
	return "the environment " + env
}
