package rollback

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/pipeline"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// CommitRequest asks for the repository (or Options.Paths) to go back to
// what it was at the commit Ref.
type CommitRequest struct {
	Ref string
	// Options shape the plan as they shape `octosync plan`: Prune,
	// MaxDeletes, AllowMassDelete, ForceDrift, Ignore, Businesses, Kinds,
	// Paths (slash paths relative to the repository), Target and Sandbox.
	// The pipeline sets the history fields.
	Options plan.Options
	// DryRun plans for display only: drift and mass deletes are shown in
	// the plan instead of refused.
	DryRun bool
	// Env is the environment of octosync.yaml rolled back, nil without
	// environments (pipeline.Input.Env).
	Env *config.Environment
}

// DriftError refuses a rollback that would overwrite live content no
// commit ever held.
type DriftError struct{ Changes []plan.Change }

func (e *DriftError) Error() string {
	var names []string
	for _, c := range e.Changes {
		names = append(names, describeKey(c.Key))
	}
	return fmt.Sprintf("refusing to roll back, nothing was changed: %s drifted (edited outside git); import it with `octosync pull` first, or pass --force-drift to overwrite it", strings.Join(names, ", "))
}

// ToCommit plans a rollback of the repository to the commit req.Ref. The
// desired state is read from git at Ref and planned against live through
// the planning pipeline, with the repository's history (drift, pruning,
// the mass-delete threshold, as plan does). The rollback's plan is derived
// from that plan by three rules: a create whose resource was soft-deleted
// since Ref becomes its restore (revive); a create whose content a
// resource planned for deletion once held becomes an update of that
// resource (reclaim: it was renamed since); and an update or restore whose
// content a server version holds goes through the restore endpoint
// (MatchVersions). The files are then to be written as they were at Ref,
// and those that did not exist at Ref removed. Nothing is written here;
// unless req.DryRun, a drifted resource without req.Options.ForceDrift is a
// ToCommit plans a rollback of the repository to the commit req.Ref. The
// commit's tree is read from git, loaded and checked exactly as validate
// checks the working tree (lint.Load), and planned against live through the
// planning pipeline as a rollback (plan.Options.Rollback: a resource
// deleted since is restored, a renamed one reclaimed, content a server
// version holds restored rather than PUT), with drift, pruning and the
// mass-delete guard as plan has them. The files are then to be written as
// they were at Ref, and those that did not exist at Ref removed, except the
// files of resources that stay live (a delete withheld or not executed):
// afterwards the repository agrees with live. Nothing is written here;
// unless req.DryRun, a drifted resource without req.Options.ForceDrift is
// a DriftError, and a mass delete without AllowMassDelete an error too.
func ToCommit(ctx context.Context, prov provider.Provider, repo *source.Repo, req CommitRequest) (*Rollback, error) {
	for _, p := range req.Options.Paths {
		if p != "businesses" && !strings.HasPrefix(p, "businesses/") {
			return nil, fmt.Errorf("%s: %w: with --to-commit, name resource files or folders under businesses/", p, history.ErrNotResourceFile)
		}
	}
	at, err := readRef(repo.Root, req.Ref)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(at.dir)
	businesses := slices.Clone(repo.Businesses)
	for _, b := range at.repo.Businesses {
		if !slices.Contains(businesses, b) {
			businesses = append(businesses, b)
		}
	}
	slices.Sort(businesses)
	opts := req.Options
	opts.Paths = withProviders(opts.Paths, repo, at.repo)
	opts.Rollback = true
	res, err := pipeline.Build(ctx, prov, pipeline.Input{
		Desired:         plan.Desired{Businesses: businesses, Resources: at.repo.Resources},
		Root:            repo.Root,
		DefaultLanguage: repo.Config.Defaults.Language,
		RequireHistory:  true,
		Env:             req.Env,
	}, opts)
	if err != nil {
		return nil, fmt.Errorf("--to-commit %s: %w", req.Ref, err)
	}
	p := res.Plan
	if !req.DryRun {
		if err := refuse(p, opts); err != nil {
			return nil, err
		}
	}
	rb := &Rollback{Plan: p, root: repo.Root}
	allow := plan.Allow{ForceDrift: opts.ForceDrift, MassDelete: opts.AllowMassDelete}
	// The working tree's resources as the environment sees them: the
	// live slugs, rendered titles, ids only in the id environment.
	current, err := environment.Desired(plan.Desired{Resources: repo.Resources}, req.Env)
	if err != nil {
		return nil, err
	}
	if rb.Files, rb.Kept, err = treeOps(repo, at, opts, staying(repo, current.Resources, p, res.Live, allow)); err != nil {
		return nil, err
	}
	if err := refuseDirty(repo.Root, rb.Files); err != nil {
		return nil, err
	}
	rb.Subject = fmt.Sprintf("Roll back to %s (%s)", at.commit.Short(), at.commit.Subject())
	rb.Details = commitDetails(p, allow)
	return rb, nil
}

// refuse stops a rollback that would overwrite drift, or that apply's
// guards refuse (a mass delete).
func refuse(p *plan.Plan, opts plan.Options) error {
	var drifted []plan.Change
	for _, c := range p.Changes {
		// Held as drift: it would run with --force-drift.
		if c.Held(plan.Allow{MassDelete: opts.AllowMassDelete}) == plan.HoldDrift {
			drifted = append(drifted, c)
		}
	}
	if len(drifted) > 0 && !opts.ForceDrift {
		return &DriftError{Changes: drifted}
	}
	if err := apply.CheckGuards(p, apply.Options{ForceDrift: opts.ForceDrift, AllowMassDelete: opts.AllowMassDelete}); err != nil {
		return fmt.Errorf("refusing to roll back: %w", err)
	}
	return nil
}

// atRef is the repository as it was at a commit, materialized in dir.
type atRef struct {
	dir    string
	commit gitrepo.Commit
	files  []string
	repo   *source.Repo
}

// readRef materializes the octosync directory at ref into a temporary
// folder and loads it. The caller removes at.dir.
func readRef(root, ref string) (*atRef, error) {
	g, err := gitrepo.Open(root)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		return nil, fmt.Errorf("--to-commit %s: %w: rolling back to a commit needs the repository's git history", ref, err)
	}
	if err != nil {
		return nil, err
	}
	defer g.Close()
	if shallow, err := g.IsShallow(); err != nil {
		return nil, err
	} else if shallow {
		return nil, fmt.Errorf("--to-commit %s: shallow clone: the commits before the clone's depth are missing, so octosync cannot tell which content was committed; run `git fetch --unshallow` (in GitHub Actions give actions/checkout `fetch-depth: 0`)", ref)
	}
	c, err := g.CommitAt(ref)
	if err != nil {
		return nil, fmt.Errorf("--to-commit: %w", err)
	}
	dir, err := os.MkdirTemp("", "octosync-rollback-")
	if err != nil {
		return nil, err
	}
	at := &atRef{dir: dir, commit: c}
	if at.files, err = g.Materialize(c.Hash, dir, gitrepo.MaterializeOptions{}); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if at.repo, err = loadAt(dir, c); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return at, nil
}

// loadAt loads and checks the materialized repository exactly as validate
// checks a working tree (lint.Load): content that does not validate at the
// commit cannot be rolled back to.
func loadAt(dir string, c gitrepo.Commit) (*source.Repo, error) {
	r, diags, err := lint.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Short(), err)
	}
	if diags.HasErrors() {
		var first diag.Diagnostic
		for _, d := range diags {
			if d.Severity == diag.Error {
				first = d
				break
			}
		}
		return nil, fmt.Errorf("the files at %s do not validate (%d error(s), the first: %s): roll back to another commit", c.Short(), diags.Errors(), first.String())
	}
	return r, nil
}

// withProviders adds to paths the condition providers of the workflows
// they name, now and at the commit, so a workflow goes back with its code.
func withProviders(paths []string, repos ...*source.Repo) []string {
	out := slices.Clone(paths)
	for _, p := range paths {
		for _, r := range repos {
			if d := r.Document(p); d != nil && d.ProviderPath != "" && !slices.Contains(out, d.ProviderPath) {
				out = append(out, d.ProviderPath)
			}
		}
	}
	return out
}

// treeOps writes every file of the article, workflow and bot-rule folders
// (within the plan's paths, businesses and kinds) as it was at the commit
// and removes those that did not exist then, except the files in stay,
// which are kept; only operations that change a file are kept.
func treeOps(repo *source.Repo, at *atRef, opts plan.Options, stay map[string]bool) (ops, kept []pull.Op, err error) {
	inScope := func(p string) bool {
		parts := strings.Split(p, "/")
		if len(parts) < 4 || parts[0] != source.BusinessesDir || strings.Contains(p, "/.") {
			return false
		}
		kind, ok := resource.KindFromDir(parts[2])
		if !ok {
			return false // macros, conversation tests: not what a rollback restores
		}
		if (len(opts.Businesses) > 0 && !slices.Contains(opts.Businesses, parts[1])) || (len(opts.Kinds) > 0 && !slices.Contains(opts.Kinds, kind)) {
			return false // outside the plan: its resources are not rolled back
		}
		return len(opts.Paths) == 0 || slices.ContainsFunc(opts.Paths, func(s string) bool {
			return p == s || strings.HasPrefix(p, strings.TrimSuffix(s, "/")+"/")
		})
	}
	for _, p := range at.files {
		if !inScope(p) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(at.dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, nil, err
		}
		ops = append(ops, pull.Op{Kind: pull.Write, Path: p, Data: data, Reason: "as at " + at.commit.Short()})
	}
	for _, p := range repo.Files {
		if !inScope(p) || slices.Contains(at.files, p) {
			continue
		}
		if stay[p] {
			kept = append(kept, pull.Op{Kind: pull.Skip, Path: p, Reason: "did not exist at " + at.commit.Short() + ", but its resource stays live (its delete is withheld or held: see the plan)"})
			continue
		}
		ops = append(ops, pull.Op{Kind: pull.Remove, Path: p, Reason: "did not exist at " + at.commit.Short()})
	}
	ops, err = changedOnly(repo.Root, ops)
	return ops, kept, err
}

// staying lists the working tree's files whose resources stay live after
// the rollback with no file of the commit naming them: bound to a live
// resource (by id, else by title as the planner binds, plan.Candidates)
// that the commit's files do not claim and that no delete of the plan
// removes under allow (a delete withheld for want of --prune, or held as a
// mass delete or as drift). A workflow's condition provider stays with it.
// current are the working tree's resources as the environment sees them
// (environment.Desired of repo.Resources).
func staying(repo *source.Repo, current []resource.Resource, p *plan.Plan, live []resource.Resource, allow plan.Allow) map[string]bool {
	gone := map[string]bool{} // deleted by the rollback, or claimed by a file of the commit
	for _, c := range p.Changes {
		if c.Action != plan.Delete || c.Runs(allow) {
			gone[c.Key.ID] = true
		}
	}
	for _, b := range p.Bindings {
		gone[b.Live.ID] = true
	}
	byID := map[string]bool{}
	for _, l := range live {
		if !l.Deleted() {
			byID[l.Business+"\x00"+l.ID] = true
		}
	}
	out := map[string]bool{}
	for _, r := range current {
		var id string
		switch cands := plan.Candidates(live, r.Business, r.Spec); {
		case r.ID != "" && byID[r.Business+"\x00"+r.ID]:
			id = r.ID
		case len(cands) == 1:
			id = cands[0].ID
		default:
			continue // nothing live: removing the file leaves both agreeing
		}
		if gone[id] {
			continue
		}
		out[r.Path] = true
		if d := repo.Document(r.Path); d != nil && d.ProviderPath != "" {
			out[d.ProviderPath] = true
		}
	}
	return out
}

// commitDetails lists the live changes that run under allow, for the
// commit message.
func commitDetails(p *plan.Plan, allow plan.Allow) []string {
	var out []string
	for _, c := range p.Changes {
		if !c.Runs(allow) {
			continue
		}
		what := string(c.Action)
		switch {
		case c.Action == plan.Restore && !c.Deleted:
			what = fmt.Sprintf("version %d → restored version %d", c.LiveVersion, c.RestoreVersion)
		case c.Action == plan.Restore:
			what = fmt.Sprintf("restored from version %d", c.RestoreVersion)
		case c.Action == plan.Update:
			what = fmt.Sprintf("version %d → updated", c.LiveVersion)
		}
		out = append(out, describeKey(c.Key)+": "+what)
	}
	return out
}
