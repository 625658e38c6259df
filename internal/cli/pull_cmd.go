package cli

import (
	"errors"
	"fmt"
	"slices"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/pipeline"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/source"
)

type pullCmd struct {
	apiFlags
	Dir       string   `help:"The configuration repository (default: the one enclosing the current folder; with none, the current folder becomes one by bulk export)." placeholder:"DIR"`
	Business  []string `predictor:"business" help:"Only these businesses (repeatable); a business the repository lacks is exported into a new folder." placeholder:"SLUG"`
	Kind      []string `predictor:"kind" help:"Only these kinds: article, workflow, bot-rule (repeatable)." placeholder:"KIND"`
	Paths     []string `arg:"" predictor:"path" optional:"" help:"Only these files or folders." placeholder:"PATH"`
	Force     bool     `help:"Overwrite or remove files even when they have uncommitted changes."`
	DriftOnly bool     `name:"drift-only" help:"Import only drift (edits, creations and deletions made outside git); leave files the repository is ahead on. Needs git history."`
	Commit    bool     `help:"Commit the result with git."`
	Branch    string   `help:"Commit on this branch, created from HEAD when missing (implies --commit). With --drift-only --pull-request the default is octosync/drift, or octosync/drift-ENV in a repository with environments." placeholder:"NAME"`
	Message   string   `help:"The commit message." default:"octosync pull: import live changes" placeholder:"MSG"`
	// PullRequest: see pull.Execute, pull_publish.go and docs/github-actions.md.
	PullRequest bool `name:"pull-request" help:"With --branch (or --drift-only): push the branch to origin and open or update one pull request from it (needs GITHUB_REPOSITORY and a token, as in GitHub Actions)."`
}

func (c *pullCmd) Help() string {
	return `Makes the files match the live organization: new live resources get new
files, changed ones are rewritten in canonical form, and files bound by id to
resources deleted live are removed. Local files never pushed are left alone,
and a file with uncommitted changes is never overwritten without --force.

Outside any repository (no octosync.yaml in this folder or above it) it
bulk-exports every business of the organization into the current folder (or
--dir) and writes a default octosync.yaml. A bulk export inside an existing
repository is refused.`
}

func (c *pullCmd) Run(env *Env) error {
	if c.PullRequest && c.Branch == "" && !c.DriftOnly {
		return errors.New("--pull-request needs --branch NAME: the branch the pull request comes from")
	}
	if c.Branch != "" {
		if err := gitrepo.ValidBranchName(c.Branch); err != nil {
			return fmt.Errorf("--branch: %w; nothing was written", err)
		}
	}
	gh := ghactions.NewStep(env.Getenv, "", env.Stderr)
	if c.PullRequest {
		// Refused here, not after the commit and the push.
		if _, err := gh.Client(); err != nil {
			return fmt.Errorf("--pull-request: %w; nothing was written", err)
		}
	}
	dest, err := pull.Locate(c.Dir)
	if err != nil {
		return err
	}
	if dest.Export && c.DriftOnly {
		return errors.New("--drift-only needs an existing repository with git history, not a bulk export")
	}
	repo, err := c.loadRepo(env, dest)
	if err != nil {
		return err
	}
	opts, err := c.planOptions(repo)
	if err != nil {
		return err
	}
	sess, err := c.connect(env, dest.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()
	sess.Provider = provider.ReadOnly{P: sess.Provider}
	if c.PullRequest && c.Branch == "" {
		// The nightly drift pull request: one branch per environment.
		c.Branch = pull.DriftBranch(sess.Environment)
	}
	if !dest.Export {
		if err := pull.CheckManaged(env.Ctx, sess.Provider, repo, c.Business); err != nil {
			return err
		}
	}

	in := pipeline.Input{
		Desired:         plan.Desired{Businesses: repo.Businesses, Resources: repo.Resources},
		AllBusinesses:   dest.Export,
		DefaultLanguage: repo.Config.Defaults.Language,
		RequireHistory:  c.DriftOnly,
		Env:             sess.Environment,
	}
	if !dest.Export {
		in.Root = repo.Root
		// A business asked for that the repository lacks is exported
		// into a new folder.
		in.Desired.Businesses = mergeSorted(repo.Businesses, c.Business)
	}
	opts.Target, opts.Sandbox = sess.Target, sess.Sandbox
	if dest.Export {
		defer exportGC(env.Getenv)()
	}
	var staging *pull.Staging
	if dest.Export && sess.Environment == nil {
		// Each business is written while the others are fetched.
		lister := pull.MacroLister(sess.Provider, c.macros(), sess.Environment)
		if staging, err = pull.NewStaging(env.Ctx, dest.Root, opts, lister); err != nil {
			return err
		}
		defer staging.Discard() // on every error; a second Discard is a no-op
		in.Observer = staging
	}
	res, err := pipeline.Build(env.Ctx, sess.Provider, in, opts)
	if err != nil {
		if errors.Is(err, pipeline.ErrNoHistory) {
			return fmt.Errorf("--drift-only: %w", err)
		}
		return err
	}
	if err := c.write(env, gh, sess, repo, dest, res, staging); err != nil {
		return err
	}
	return staging.Discard()
}

// loadRepo reads the destination's repository; a bulk export starts from
// an empty one with the default configuration.
func (c *pullCmd) loadRepo(env *Env, dest pull.Destination) (*source.Repo, error) {
	if dest.Export {
		return &source.Repo{Layout: source.Layout{Root: dest.Root, Config: config.Default()}}, nil
	}
	return loadRepo(env, dest.Root)
}

// planOptions are the plan pull inverts: every live-only resource in it
// (prune, no mass-delete limit), with the command's filters.
func (c *pullCmd) planOptions(repo *source.Repo) (plan.Options, error) {
	opts := plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true, Businesses: c.Business}
	kinds, err := parseKinds(c.Kind)
	if err != nil {
		return opts, err
	}
	opts.Kinds = kinds
	for _, p := range c.Paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return opts, err
		}
		opts.Paths = append(opts.Paths, withWorkflows(repo.Documents, rel)...)
	}
	if len(repo.Config.Ignore) > 0 {
		opts.Ignore = repo.Config.Ignored
	}
	return opts, nil
}

// write runs the pull engine on the finished plan: the files, the report,
// the commit, the push and the pull request (pull.Execute).
func (c *pullCmd) write(env *Env, gh *ghactions.Step, sess *session, repo *source.Repo, dest pull.Destination, res *pipeline.Result, staging *pull.Staging) error {
	_, err := pull.Execute(env.Ctx, sess.Provider, repo, res.Plan, pull.ExecOptions{
		Force: c.Force, DriftOnly: c.DriftOnly, Export: dest.Export,
		Businesses: res.Businesses, Env: sess.Environment,
		Macros: c.macros(),
		Commit: c.Commit, Branch: c.Branch, Message: c.Message,
		PullRequest: c.PullRequest, Token: gh.Env.Token,
		Staging: staging,
		Out:     env.Stdout,
		Report: func(ops []pull.Op) error {
			return render.PullText(env.Stdout, res.Plan, ops, dest.Export, len(res.Businesses))
		},
		Changelog: render.Changelog,
		Publisher: pullPublisher{gh},
	})
	return err
}

// macros reports whether the pull exports the live macros: when it is not
// narrowed to kinds or paths.
func (c *pullCmd) macros() bool { return len(c.Kind) == 0 && len(c.Paths) == 0 }

// mergeSorted is the sorted union of a and b.
func mergeSorted(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
