package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/pipeline"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// planFlags are the flags that shape a plan, shared by plan and apply.
type planFlags struct {
	Dir      string   `help:"The configuration repository (default: the one enclosing the current folder, found like git finds .git)." placeholder:"DIR"`
	Prune    bool     `help:"Plan deletes of managed live resources that have no file (default: prune in octosync.yaml)."`
	Business []string `predictor:"business" help:"Only these businesses (repeatable)." placeholder:"SLUG"`
	Kind     []string `predictor:"kind" help:"Only these kinds: article, workflow, bot-rule (repeatable)." placeholder:"KIND"`
	NoColor  bool     `name:"no-color" help:"Never colour the output (NO_COLOR is honoured too)."`
	// MaxDeletes overrides maxDeletes of octosync.yaml; -1 keeps it.
	MaxDeletes int `name:"max-deletes" default:"-1" help:"Withhold every delete as a mass delete when more than N would go (default: maxDeletes in octosync.yaml, 10)." placeholder:"N"`
}

// loadRepo finds (see source.Root), reads and checks the repository. dir
// is --dir, "" when not given. Errors are printed to stderr and make it
// fail before anything talks to the API. Warnings are validate's and
// plan's to show (openRepo with showWarnings): every other command says in
// one line how many there are and where to see them, so that one warning
// is not repeated by every command.
func loadRepo(env *Env, dir string) (*source.Repo, error) {
	r, err := openRepo(env, dir, true, false)
	if err != nil {
		return nil, err
	}
	return r.repo, nil
}

// repoReader reads a repository in two steps: its layout (openRepo), which
// is enough to connect and to fetch live state, then its files, read and
// checked while the fetch runs (read, called by the planning pipeline).
type repoReader struct {
	source.Layout
	env          *Env
	showWarnings bool
	scanned      *source.Scanned
	repo         *source.Repo // once read
}

// openRepo finds the repository and reads its layout. With now, or when
// the layout is broken already, it reads and checks the files too, so that
// every problem is reported before anything talks to the API.
// showWarnings: see loadRepo.
func openRepo(env *Env, dir string, now, showWarnings bool) (*repoReader, error) {
	root, err := source.Root(dir)
	if err != nil {
		return nil, err
	}
	s, err := source.Scan(root, source.LoadOptions{})
	if err != nil {
		return nil, err
	}
	r := &repoReader{Layout: s.Layout, env: env, showWarnings: showWarnings, scanned: s}
	if now || s.LayoutErrors() {
		repo, diags, err := r.check()
		if err != nil {
			return nil, err
		}
		if err := r.report(repo, diags, false); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// check reads and checks the repository's files: the repository and every
// problem found, sorted. It prints nothing, so it may run while another
// goroutine logs requests to stderr (--verbose).
func (r *repoReader) check() (*source.Repo, diag.List, error) {
	repo, err := r.scanned.Read()
	if err != nil {
		return nil, nil, err
	}
	return repo, lint.Judge(repo), nil
}

// report prints the problems check found, as loadRepo says, and fails when
// one is an error; otherwise repo is the repository read. fetching says
// live state was read meanwhile, so the error says what was and was not
// sent.
func (r *repoReader) report(repo *source.Repo, diags diag.List, fetching bool) error {
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Fprintln(r.env.Stderr, render.Visible(d.String()))
		}
		sent := "nothing was sent to the API"
		if fetching {
			sent = "live state was read meanwhile, nothing was changed"
		}
		return withCode(ExitError, fmt.Errorf("%d error(s) in the repository: fix them (see `octosync validate`); %s", diags.Errors(), sent))
	}
	switch n := len(diags); {
	case n == 0:
	case r.showWarnings:
		for _, d := range diags {
			fmt.Fprintln(r.env.Stderr, render.Visible(d.String()))
		}
	default:
		fmt.Fprintf(r.env.Stderr, "%s in the repository: `octosync validate` shows %s.\n", countWarnings(n), pronoun(n))
	}
	r.repo = repo
	return nil
}

// documents are the repository's documents once its files are read, else
// nil.
func (r *repoReader) documents() []*document.Document {
	if r.repo == nil {
		return nil
	}
	return r.repo.Documents
}

// countWarnings is "1 warning" or "N warnings".
func countWarnings(n int) string {
	if n == 1 {
		return "1 warning"
	}
	return fmt.Sprintf("%d warnings", n)
}

// pronoun is "it" for one, "them" for more.
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// planOptions turns the flags and the repository's config into plan
// options. docs are the repository's documents, needed only with paths (a
// condition provider's path selects its workflows).
func (f *planFlags) planOptions(repo *source.Layout, docs []*document.Document, paths []string, allowMassDelete, forceDrift bool) (plan.Options, error) {
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
	kinds, err := parseKinds(f.Kind)
	if err != nil {
		return opts, err
	}
	opts.Kinds = kinds
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
		// A path that names nothing selects nothing: a typo would read
		// as "No changes".
		if _, err := os.Lstat(filepath.Join(repo.Root, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
			return opts, fmt.Errorf("%s: no such file or folder in the repository: check the path", p)
		}
		opts.Paths = append(opts.Paths, withWorkflows(docs, rel)...)
	}
	return opts, nil
}

// withWorkflows returns rel, plus the workflow files whose condition
// provider rel is: naming damaged-product.py selects its workflow.
func withWorkflows(docs []*document.Document, rel string) []string {
	out := []string{rel}
	if strings.HasSuffix(rel, ".py") {
		for _, d := range docs {
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
	exists := func(path string) bool { _, err := os.Stat(path); return err == nil }
	abs, err := filepath.Abs(p)
	if err == nil && exists(abs) {
		if rel, ok := try(abs); ok {
			return rel, nil
		}
	}
	if !filepath.IsAbs(p) && exists(filepath.Join(root, p)) {
		if rel, ok := try(filepath.Join(root, p)); ok {
			return rel, nil
		}
	}
	// A path that exists nowhere (a file deleted since, or a typo) is
	// read from the current folder when it lies inside the repository,
	// so that its error names it as the user meant it.
	if err == nil {
		if rel, ok := try(abs); ok {
			return rel, nil
		}
	}
	if !filepath.IsAbs(p) {
		if rel, ok := try(filepath.Join(root, p)); ok {
			return rel, nil
		}
	}
	return "", fmt.Errorf("%s: not inside the repository %s", p, root)
}

// buildPlan plans the repository against the session's live state through
// the one planning pipeline, reading and checking the repository's files
// while live state is fetched; the plan names the session's target. The
// files' problems are printed once the fetch has stopped, so that they do
// not interleave with its --verbose lines.
func buildPlan(env *Env, r *repoReader, sess *session, opts plan.Options) (*plan.Plan, error) {
	opts.Target, opts.Sandbox = sess.Target, sess.Sandbox
	var (
		repo   = r.repo // read already (a path selection needs the files first)
		diags  diag.List
		unread = repo == nil
	)
	res, err := pipeline.Build(env.Ctx, sess.Provider, pipeline.Input{
		Desired:         plan.Desired{Businesses: r.Businesses},
		Root:            r.Root,
		DefaultLanguage: r.Config.Defaults.Language,
		Env:             sess.Environment,
		Load: func(context.Context) (pipeline.Loaded, error) {
			if unread {
				var err error
				if repo, diags, err = r.check(); err != nil {
					return pipeline.Loaded{}, err
				}
				if diags.HasErrors() {
					return pipeline.Loaded{}, errRepoProblems // reported below
				}
			}
			warnings, err := macroWarnings(env, repo, sess, opts.Businesses)
			return pipeline.Loaded{Resources: repo.Resources, Warnings: warnings}, err
		},
	}, opts)
	if unread && repo != nil {
		if rerr := r.report(repo, diags, true); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	return res.Plan, nil
}

// errRepoProblems stops the fetch when the repository's files have errors;
// buildPlan reports them instead.
var errRepoProblems = errors.New("the repository has errors")

// parseKinds reads --kind values.
func parseKinds(names []string) ([]resource.Kind, error) {
	var out []resource.Kind
	for _, k := range names {
		kind, err := resource.ParseKind(k)
		if err != nil {
			return nil, fmt.Errorf("--kind: %w", err)
		}
		out = append(out, kind)
	}
	return out, nil
}

// useColor decides whether output to a terminal is coloured.
func useColor(env *Env, noColor bool) bool {
	return env.StdoutTerminal && !noColor && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}
