package pull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/source"
)

// Remote is the remote ExecOptions.PullRequest pushes to.
const Remote = "origin"

// ExecOptions configure Execute: what to import, and what to do with the
// files once written. The presentation above this package (render,
// ghactions) comes in through Report, Changelog and Publisher, so that the
// engine decides the order of the steps and the command line only wires.
type ExecOptions struct {
	// Force, DriftOnly and Export are Options'.
	Force, DriftOnly, Export bool
	// Businesses are the businesses the plan covers (pipeline.Result):
	// live slugs.
	Businesses []string
	// Env is Options.Env. Macros are exported only where Env sees the
	// files as written (config.Environment.AsWritten): a macro file holds
	// one organization's macros under its folder.
	Env *config.Environment
	// Macros exports the live macros too (a pull not narrowed to kinds
	// or paths).
	Macros bool
	// Commit commits the files written; Branch commits them on that
	// branch, created from HEAD when missing (and implies Commit).
	Commit  bool
	Branch  string
	Message string
	// PullRequest pushes Branch to Remote with Token and opens or updates
	// one pull request from it (Publisher).
	PullRequest bool
	Token       string

	// Staging, for a bulk export, holds the businesses written while live
	// state was fetched (NewStaging); they are moved into place with the
	// other writes. The caller discards it (Staging.Discard) afterwards,
	// whatever happened.
	Staging *Staging

	// Out receives the progress lines (committed, pushed); nil discards
	// them.
	Out io.Writer
	// Report shows the operations, once the files are written and before
	// anything is committed.
	Report func(ops []Op) error
	// Changelog phrases who changed what, one line per resource, from each
	// resource's newest version by live id (render.Changelog).
	Changelog func(ops []Op, newest map[string]provider.Version) []string
	// Publisher tells GitHub (outputs, the drift pull request).
	Publisher Publisher
}

// Publisher is where a pull is published beyond the repository: GitHub
// Actions' step outputs and the drift pull request (package ghactions).
// The drift pull request is env's (nil without environments): its title,
// body and closing comment name it, and head is env's own branch unless
// --branch said otherwise.
type Publisher interface {
	PullDone(Result) error
	DriftPullRequest(ctx context.Context, head, base string, env *config.Environment, changelog []string) error
	CloseDriftPullRequest(ctx context.Context, head, base string, env *config.Environment) error
}

// Result is what a pull did.
type Result struct {
	Ops []Op
	// Written and Removed count the files.
	Written, Removed int
	// Changelog says who changed what (drift-only pulls).
	Changelog []string
	// Commit is the commit made ("" when none), on Branch ("" for the
	// current one).
	Commit, Branch string
}

// Execute makes the files of repo match the finished plan p: it opens git
// when the repository has it, lists the files with uncommitted work,
// inverts the plan (Compute) and the live macros into operations, checks
// that a commit could go where asked, and only then writes, reports,
// commits, pushes and opens or closes the pull request. Nothing is
// written when any check before the write fails. prov is read from only
// (version histories for the changelog, macros).
func Execute(ctx context.Context, prov provider.Provider, repo *source.Repo, p *plan.Plan, opts ExecOptions) (*Result, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if err := os.MkdirAll(repo.Root, 0o755); err != nil {
		return nil, err
	}
	git, err := gitrepo.OpenIfAny(repo.Root)
	if err != nil {
		return nil, err
	}
	if git != nil {
		defer git.Close()
	}
	ops, err := operations(ctx, prov, repo, p, git, opts)
	if err != nil {
		return nil, err
	}
	if err := checkCommit(git, opts); err != nil {
		return nil, err
	}
	if err := applyStaged(repo.Root, ops, opts.Staging); err != nil {
		return nil, err
	}
	if opts.Report != nil {
		if err := opts.Report(ops); err != nil {
			return nil, err
		}
	}
	res := &Result{Ops: ops, Branch: opts.Branch}
	return res, publish(ctx, prov, git, res, opts)
}

// operations inverts the plan, and the live macros when asked, into the
// file operations, checked against uncommitted work.
func operations(ctx context.Context, prov provider.Provider, repo *source.Repo, p *plan.Plan, git *gitrepo.Repo, opts ExecOptions) ([]Op, error) {
	dirty, noGit, err := DirtyFiles(repo, git)
	if err != nil {
		return nil, err
	}
	folders := make([]string, len(opts.Businesses))
	for i, b := range opts.Businesses {
		folders[i] = opts.Env.Folder(b)
	}
	ops, err := Compute(repo, p, Options{
		Force: opts.Force, Dirty: dirty, NoGit: noGit, DriftOnly: opts.DriftOnly,
		Export: opts.Export, Businesses: folders, Env: opts.Env,
		rendered: opts.Staging.rendered(),
	})
	lister := MacroLister(prov, opts.Macros, opts.Env)
	if err != nil || lister == nil {
		return ops, err
	}
	live, err := opts.Staging.fetchMacros(ctx, lister, opts.Businesses)
	if errors.Is(err, provider.ErrNoMacros) {
		return ops, nil
	}
	if err != nil {
		return nil, err
	}
	mops, err := MacroOps(repo, opts.Businesses, live, dirty, noGit, opts.Force)
	if err != nil {
		return nil, err
	}
	ops = append(ops, mops...)
	slices.SortStableFunc(ops, func(a, b Op) int { return strings.Compare(a.Path, b.Path) })
	return ops, nil
}

// MacroLister is where a pull reads the live macros: prov, when macros
// are exported (want: a pull not narrowed to kinds or paths), env sees the
// files as written (config.Environment.AsWritten: a macro file holds one
// organization's macros under its folder), and prov lists macros; nil
// when the pull exports none.
func MacroLister(prov provider.Provider, want bool, env *config.Environment) provider.Macros {
	lister, ok := prov.(provider.Macros)
	if !want || !env.AsWritten() || !ok {
		return nil
	}
	return lister
}

// committing reports whether the pull commits what it writes.
func (o ExecOptions) committing() bool { return o.Commit || o.Branch != "" }

// ownBranch reports whether Branch is octosync's own branch, rewritten on
// every run: the nightly `pull --drift-only --branch`. Its commits carry
// the environment's DriftTrailer, it is moved back to HEAD when it holds nothing else, and
// the checkout returns to where it was after committing.
func (o ExecOptions) ownBranch() bool { return o.DriftOnly && o.Branch != "" }

// checkCommit says, before any file is written, whether the commit could
// go where asked.
func checkCommit(git *gitrepo.Repo, opts ExecOptions) error {
	if opts.committing() && git == nil {
		return errors.New("--commit: the directory is not inside a git repository (run `git init` first); nothing was written")
	}
	if git == nil {
		return nil
	}
	var err error
	if !opts.ownBranch() {
		err = git.CheckBranch(opts.Branch)
	} else {
		remote := ""
		if opts.PullRequest {
			remote = gitrepo.RemoteTrackingRef(Remote, opts.Branch)
		}
		err = foreignDrift(git.CheckOwnBranch(opts.Branch, driftTrailer(opts.Env), remote), opts)
	}
	if err != nil {
		return fmt.Errorf("--branch: %w; nothing was written", err)
	}
	return nil
}

// Changed are the paths ops write or remove.
func Changed(ops []Op) []string {
	var changed []string
	for _, o := range ops {
		if o.Kind != Skip {
			changed = append(changed, o.Path)
		}
	}
	return changed
}
