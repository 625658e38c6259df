package render

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/plan"
)

// The verbs of TargetNotice: what a command does with its target.
const (
	VerbPlan = "Planning against"
	VerbPull = "Pulling from"
)

// VerbApply is apply's verb for the saved plan in file.
func VerbApply(file string) string { return "Applying " + visible(file) + " to" }

// TargetNotice is the first line of every rendering of p, opened by verb
// (VerbPlan, VerbPull, VerbApply): which API the plan was made against
// (never a key: Target carries no credentials), or "" for a plan that
// records no target (made by an older octosync).
func TargetNotice(p *plan.Plan, verb string) string {
	return Notice(verb, p.Environment, p.Target, p.Sandbox)
}

// Notice is the first line of a command's output, opened by verb: the
// environment of octosync.yaml when there is one, then the API (target,
// without credentials) or the built-in sandbox; "" when neither is known.
func Notice(verb, environment, target string, sandbox bool) string {
	env := ""
	if environment != "" {
		env = "environment " + visible(environment) + ": "
	}
	switch {
	case sandbox:
		return verb + " " + env + "the built-in sandbox, not a live Octocom organization."
	case target != "":
		return verb + " " + env + "the Octocom API at " + visible(target) + "."
	}
	return ""
}

// NoChanges is the verdict of a plan without changes.
const NoChanges = "No changes. The live configuration matches the repository."

// headline is what happens to the resource, after its kind and title:
// "will be updated (art_1, version 3)".
func headline(c plan.Change) string {
	live := ""
	if c.Key.ID != "" {
		live = fmt.Sprintf(" (%s, version %d)", c.Key.ID, c.LiveVersion)
	}
	switch {
	case c.Drift != nil && c.Action == plan.Delete:
		return "exists only live" + live
	case c.Drift != nil && c.Action == plan.Restore && c.Deleted:
		return fmt.Sprintf("was deleted live (%s, deleted in version %d)", c.Key.ID, c.LiveVersion)
	case c.Drift != nil:
		return "has drifted" + live
	case c.Action == plan.Create:
		return "will be created"
	case c.Action == plan.Update:
		return "will be updated" + live
	case c.Action == plan.Delete && c.Withheld != "":
		return "would be deleted" + live
	case c.Action == plan.Delete:
		return "will be deleted" + live
	case c.Action == plan.Restore && !c.Deleted:
		return fmt.Sprintf("will be restored to version %d", c.RestoreVersion) + live
	case c.Action == plan.Restore:
		then := ""
		if c.UpdatesAfterRestore() {
			then = " and updated"
		}
		return fmt.Sprintf("will be restored from version %d%s (%s, deleted in version %d)", c.RestoreVersion, then, c.Key.ID, c.LiveVersion)
	}
	return string(c.Action)
}

// driftNote explains a drifted change: who made the live content, and
// what apply and pull do about it.
func driftNote(c plan.Change) string {
	d := c.Drift
	verb := "edited"
	switch {
	case c.Action == plan.Restore && c.Deleted:
		verb = "deleted"
	case d.Version == 1:
		verb = "created"
	}
	var b strings.Builder
	b.WriteString(authorship(verb, d.Author, d.At, d.Version))
	switch {
	case c.Action == plan.Delete:
		b.WriteString(", and no commit of the repository holds it; apply leaves it alone (--force-drift with --prune deletes it), pull imports it")
	case c.Action == plan.Restore && c.Deleted:
		b.WriteString(", while its file still names it; apply leaves it deleted (--force-drift restores it), pull removes the file")
	default:
		b.WriteString("; apply leaves it alone (--force-drift overrides), pull imports it")
	}
	return b.String()
}

// counts is the two summary sentences of a plan with changes.
func counts(s plan.Summary) (string, string) {
	first := fmt.Sprintf("Plan: %d to create, %d to update, %d to restore, %d to delete.", s.Create, s.Update, s.Restore, s.Delete)
	deletes := "deletes"
	if s.Withheld == 1 {
		deletes = "delete"
	}
	second := fmt.Sprintf("%d drifted, %d %s withheld, %d unchanged.", s.Drift, s.Withheld, deletes, s.Unchanged)
	return first, second
}

// NothingToApply follows the summary of a plan whose every change is
// drifted or withheld.
const NothingToApply = "Apply would change nothing as things stand: drifted changes are applied only with --force-drift, and each withheld delete names the flag that lets it through."

// DiffLegend labels the two sides of a text diff in a plan: the lines live
// now, and the lines the repository's file holds (what apply sends).
const DiffLegend = "- live now, + the file"
