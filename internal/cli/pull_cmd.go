package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

type pullCmd struct {
	apiFlags
	Dir       string   `default:"." help:"The configuration repository (created by a bulk export when it has no octosync.yaml)." placeholder:"DIR"`
	Business  []string `help:"Only these businesses (repeatable); a business the repository lacks is exported into a new folder." placeholder:"SLUG"`
	Kind      []string `help:"Only these kinds: article, workflow, bot-rule (repeatable)." placeholder:"KIND"`
	Paths     []string `arg:"" optional:"" help:"Only these files or folders." placeholder:"PATH"`
	Force     bool     `help:"Overwrite or remove files even when they have uncommitted changes."`
	DriftOnly bool     `name:"drift-only" help:"Import only drift (edits, creations and deletions made outside git); leave files the repository is ahead on. Needs git history."`
	Commit    bool     `help:"Commit the result with git."`
	Branch    string   `help:"Commit on this branch, created from HEAD when missing (implies --commit)." placeholder:"NAME"`
	Message   string   `help:"The commit message." default:"octosync pull: import live changes" placeholder:"MSG"`
}

func (c *pullCmd) Help() string {
	return `Makes the files match the live organization: new live resources get new
files, changed ones are rewritten in canonical form, and files bound by id to
resources deleted live are removed. Local files never pushed are left alone,
and a file with uncommitted changes is never overwritten without --force.

In a directory without octosync.yaml it bulk-exports every business of the
organization and writes a default octosync.yaml.`
}

func (c *pullCmd) Run(env *Env) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	_, statErr := os.Stat(filepath.Join(c.Dir, "octosync.yaml"))
	bulk := errors.Is(statErr, os.ErrNotExist)

	var repo *source.Repo
	if _, err := os.Stat(filepath.Join(c.Dir, "businesses")); bulk && errors.Is(err, os.ErrNotExist) {
		// A bulk export into a folder that holds no repository yet.
		root, err := filepath.Abs(c.Dir)
		if err != nil {
			return err
		}
		repo = &source.Repo{Root: root, Config: config.Default()}
	} else if repo, err = loadRepo(env, c.Dir); err != nil {
		return err
	}
	var kinds []resource.Kind
	for _, k := range c.Kind {
		kind, err := resource.ParseKind(k)
		if err != nil {
			return fmt.Errorf("--kind: %w", err)
		}
		kinds = append(kinds, kind)
	}
	var paths []string
	for _, p := range c.Paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return err
		}
		paths = append(paths, withWorkflows(repo, rel)...)
	}

	sess, err := c.connect(env, c.Dir, repo.Config.API.URL)
	if err != nil {
		return err
	}
	defer sess.Close()
	sess.Provider = provider.ReadOnly{P: sess.Provider}

	// Which businesses: the repository's, plus any asked for; everything on
	// a bulk export.
	var businesses []string
	if !bulk {
		businesses = slices.Clone(repo.Businesses)
	}
	businesses = append(businesses, c.Business...)
	slices.Sort(businesses)
	businesses = slices.Compact(businesses)
	fetch := live.Options{Kinds: kinds}
	if !bulk || len(c.Business) > 0 {
		fetch.Businesses = businesses
	}
	st, err := live.Fetch(env.Ctx, sess.Provider, fetch)
	if err != nil {
		return err
	}
	if fetch.Businesses == nil {
		for _, b := range st.Businesses {
			businesses = append(businesses, b.Slug)
		}
	}

	var dirty map[string]bool
	var git *gitrepo.Repo
	if g, err := gitrepo.Open(c.Dir); err == nil {
		git = g
		defer g.Close()
		status, err := g.Status()
		if err != nil {
			return err
		}
		dirty = map[string]bool{}
		for p := range status {
			dirty[p] = true
		}
	} else if !errors.Is(err, gitrepo.ErrNotRepository) {
		return err
	}
	noGit := git == nil
	if noGit {
		// Without git every existing file may hold the user's work.
		dirty = map[string]bool{}
		for _, f := range repo.Files {
			dirty[f] = true
		}
	}

	opts := pull.Options{Businesses: c.Business, Kinds: kinds, Paths: paths, Force: c.Force, Dirty: dirty, NoGit: noGit, DriftOnly: c.DriftOnly}
	// With git history pull tells drift from a live state that is merely
	// behind the repository; pull reads it only when it has a difference.
	if bulk && c.DriftOnly {
		return errors.New("--drift-only needs an existing repository with git history, not a bulk export")
	}
	if !bulk {
		opts.History = func() (plan.Bases, error) {
			bases, err := history.Load(env.Ctx, repo.Root, history.Options{DefaultLanguage: repo.Config.Defaults.Language})
			switch {
			case err == nil:
				return bases, nil
			case errors.Is(err, history.ErrNoHistory), errors.Is(err, history.ErrShallow):
				if c.DriftOnly {
					return nil, fmt.Errorf("--drift-only needs the repository's git history: %w", err)
				}
				return nil, nil
			}
			return nil, err
		}
	}
	if len(repo.Config.Ignore) > 0 {
		opts.Ignore = repo.Config.Ignored
	}
	ops, err := pull.Compute(repo, businesses, st.Resources, opts)
	if err != nil {
		return err
	}
	if bulk {
		ops = append([]pull.Op{{Kind: pull.Write, Path: "octosync.yaml", Data: config.Default().Render(), New: true, Reason: "bulk export"}}, ops...)
		// A business with nothing in it yet still gets its folder, so the
		// repository manages it from now on.
		for _, b := range businesses {
			prefix := "businesses/" + b + "/"
			if !slices.ContainsFunc(ops, func(o pull.Op) bool { return strings.HasPrefix(o.Path, prefix) }) {
				ops = append(ops, pull.Op{Kind: pull.Write, Path: prefix + ".gitkeep", New: true, Reason: "empty business"})
			}
		}
	}
	commit := c.Commit || c.Branch != ""
	if commit && git == nil {
		return errors.New("--commit: the directory is not inside a git repository (run `git init` first); nothing was written")
	}
	if git != nil {
		if err := git.CheckBranch(c.Branch); err != nil {
			return fmt.Errorf("--branch: %w; nothing was written", err)
		}
	}
	if err := pull.Apply(repo.Root, ops); err != nil {
		return err
	}
	c.report(env, sess, ops, bulk, len(businesses))

	var changed []string
	for _, o := range ops {
		if o.Kind != pull.Skip {
			changed = append(changed, o.Path)
		}
	}
	if commit && len(changed) > 0 {
		hash, err := git.Commit(gitrepo.CommitOptions{Paths: changed, Message: c.Message, Branch: c.Branch})
		if err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		where := ""
		if c.Branch != "" {
			where = " on branch " + c.Branch
		}
		fmt.Fprintf(env.Stdout, "Committed %s%s.\n", shortHash(hash), where)
	}
	return nil
}

func (c *pullCmd) report(env *Env, sess *session, ops []pull.Op, bulk bool, businesses int) {
	if sess.Sandbox {
		fmt.Fprintln(env.Stdout, "Pulling from the built-in sandbox, not a live Octocom organization.")
	}
	var written, created, removed int
	for _, o := range ops {
		sym := "~"
		switch {
		case o.Kind == pull.Skip:
			sym = "!"
		case o.Kind == pull.Remove:
			sym = "-"
			removed++
		case o.New:
			sym = "+"
			created++
		default:
			written++
		}
		fmt.Fprintf(env.Stdout, "  %s %s (%s)\n", sym, render.Visible(o.Path), render.Visible(o.Reason))
	}
	if created+written+removed == 0 {
		fmt.Fprintln(env.Stdout, "Already up to date: the files match the live organization.")
		return
	}
	if bulk {
		fmt.Fprintf(env.Stdout, "Exported %d business(es): %d file(s) written.\n", businesses, created+written)
		return
	}
	fmt.Fprintf(env.Stdout, "Pulled: %d new, %d rewritten, %d removed.\n", created, written, removed)
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
