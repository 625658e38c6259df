package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// planFlags are the flags that shape a plan, shared by plan and apply.
type planFlags struct {
	Dir      string   `default:"." help:"The configuration repository." placeholder:"DIR"`
	Prune    bool     `help:"Plan deletes of managed live resources that have no file (default: prune in octosync.yaml)."`
	Business []string `help:"Only these businesses (repeatable)." placeholder:"SLUG"`
	Kind     []string `help:"Only these kinds: article, workflow, bot-rule (repeatable)." placeholder:"KIND"`
	NoColor  bool     `name:"no-color" help:"Never colour the output (NO_COLOR is honoured too)."`
	// MaxDeletes overrides maxDeletes of octosync.yaml; -1 keeps it.
	MaxDeletes int `name:"max-deletes" default:"-1" help:"Withhold every delete as a mass delete when more than N would go (default: maxDeletes in octosync.yaml, 10)." placeholder:"N"`
}

// loadRepo reads and checks the repository. Problems are printed to stderr
// and make it fail before anything talks to the API.
func loadRepo(env *Env, dir string) (*source.Repo, error) {
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		return nil, err
	}
	diags := append(diag.List{}, repo.Diags...)
	diags.Add(lint.Check(repo)...)
	diags = diags.Sort()
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Fprintln(env.Stderr, render.Visible(d.String()))
		}
		return nil, withCode(ExitError, fmt.Errorf("%d error(s) in the repository: fix them (see `octosync validate`); nothing was sent to the API", diags.Errors()))
	}
	for _, d := range diags {
		fmt.Fprintln(env.Stderr, render.Visible(d.String()))
	}
	return repo, nil
}

// planOptions turns the flags and the repository's config into plan options.
func (f *planFlags) planOptions(repo *source.Repo, paths []string, allowMassDelete, forceDrift bool) (plan.Options, error) {
	maxDeletes := repo.Config.MaxDeletes
	if f.MaxDeletes >= 0 {
		maxDeletes = f.MaxDeletes
	}
	opts := plan.Options{
		Prune:           f.Prune || repo.Config.Prune,
		MaxDeletes:      maxDeletes,
		AllowMassDelete: allowMassDelete,
		ForceDrift:      forceDrift,
		Businesses:      f.Business,
	}
	if len(repo.Config.Ignore) > 0 {
		opts.Ignore = repo.Config.Ignored
	}
	for _, k := range f.Kind {
		kind, err := resource.ParseKind(k)
		if err != nil {
			return opts, fmt.Errorf("--kind: %w", err)
		}
		opts.Kinds = append(opts.Kinds, kind)
	}
	for _, b := range f.Business {
		if !slices.Contains(repo.Businesses, b) {
			return opts, fmt.Errorf("--business %s: the repository has no businesses/%s folder (it has: %s)", b, b, strings.Join(repo.Businesses, ", "))
		}
	}
	for _, p := range paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return opts, err
		}
		opts.Paths = append(opts.Paths, withWorkflows(repo, rel)...)
	}
	return opts, nil
}

// withWorkflows returns rel, plus the workflow files whose condition
// provider rel is: naming damaged-product.py selects its workflow.
func withWorkflows(repo *source.Repo, rel string) []string {
	out := []string{rel}
	if strings.HasSuffix(rel, ".py") {
		for _, d := range repo.Documents {
			if d.ProviderPath == rel {
				out = append(out, d.Path)
			}
		}
	}
	return out
}

// repoRelative resolves a PATH argument, given relative to the working
// directory or to the repository, to a slash path inside the repository.
func repoRelative(root, p string) (string, error) {
	try := func(abs string) (string, bool) {
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", false
		}
		return filepath.ToSlash(rel), true
	}
	if abs, err := filepath.Abs(p); err == nil {
		if _, serr := os.Stat(abs); serr == nil {
			if rel, ok := try(abs); ok {
				return rel, nil
			}
		}
	}
	if !filepath.IsAbs(p) {
		if rel, ok := try(filepath.Join(root, p)); ok {
			return rel, nil
		}
	}
	return "", fmt.Errorf("%s: not inside the repository %s", p, root)
}

// planned is a computed plan and what is known about the history behind it.
type planned struct {
	*plan.Plan
	// NoHistory says why drift could not be classified (not a git
	// repository, a shallow clone); nil when history was read or not
	// needed.
	NoHistory error
}

// computePlan fetches live state and computes the plan of repo. Drift needs
// git history; without it the plan carries a one-line warning.
func computePlan(env *Env, repo *source.Repo, sess *session, opts plan.Options) (*planned, error) {
	businesses := repo.Businesses
	if len(opts.Businesses) > 0 {
		businesses = opts.Businesses
	}
	st, err := live.Fetch(env.Ctx, sess.Provider, live.Options{Businesses: businesses, Kinds: opts.Kinds})
	if err != nil {
		return nil, err
	}
	desired := plan.Desired{Businesses: businesses, Resources: repo.Resources}
	liveState := plan.Live{Resources: st.Resources}
	p, err := plan.Compute(desired, liveState, opts)
	if err != nil {
		return nil, err
	}
	out := &planned{}
	// Git history only matters for differences: an update may be drift,
	// a live-only resource may have been created in the dashboard. Read it
	// only when the plan has such a change.
	if needsHistory(p) {
		var warnings []string
		bases, err := history.Load(env.Ctx, repo.Root, history.Options{DefaultLanguage: repo.Config.Defaults.Language})
		switch {
		case err == nil:
			opts.Bases = bases
			if p, err = plan.Compute(desired, liveState, opts); err != nil {
				return nil, err
			}
		case errors.Is(err, history.ErrNoHistory), errors.Is(err, history.ErrShallow):
			out.NoHistory = err
			warnings = append(warnings, fmt.Sprintf("drift detection is off: %v. Until then every difference is planned as an update.", err))
		default:
			return nil, err
		}
		p.Warnings = append(warnings, p.Warnings...)
	}
	p.Sandbox = sess.Sandbox
	p.ForceDrift = opts.ForceDrift
	if err := live.AnnotateDrift(env.Ctx, sess.Provider, p); err != nil {
		return nil, err
	}
	out.Plan = p
	return out, nil
}

// useColor decides whether output to a terminal is coloured.
func useColor(env *Env, noColor bool) bool {
	return env.StdoutTerminal && !noColor && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}

// needsHistory reports whether drift classification could change p.
func needsHistory(p *plan.Plan) bool {
	for _, c := range p.Changes {
		if c.Action == plan.Update || c.Action == plan.Delete {
			return true
		}
	}
	return false
}
