package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/rollback"
	"github.com/octosync/octosync/internal/source"
)

type rollbackCmd struct {
	planFlags
	apiFlags
	Paths           []string `arg:"" predictor:"path" optional:"" help:"Resource files to roll back (all of the repository with --to-commit and no PATH)." placeholder:"PATH"`
	ToVersion       int      `name:"to-version" help:"Bring each file's resource back to version N of its history (see 'octosync history')." placeholder:"N"`
	Previous        bool     `help:"Bring each file's resource back to the version before its current one."`
	ToCommit        string   `name:"to-commit" help:"Bring the repository (or the PATHs) back to what it was at commit REF." placeholder:"REF"`
	DryRun          bool     `name:"dry-run" help:"Show what would happen and change nothing; exit 0 (nothing to do), 2 (changes) or 3 (drift), like 'plan --detailed-exitcode'."`
	AutoApprove     bool     `name:"auto-approve" help:"Roll back without asking (required when there is no terminal)."`
	Commit          bool     `help:"Commit the rewritten files on the current branch."`
	Message         string   `short:"m" help:"With --commit: why, for the commit message." placeholder:"TEXT"`
	ForceDrift      bool     `name:"force-drift" help:"With --to-commit: also overwrite live content that was edited outside git."`
	AllowMassDelete bool     `name:"allow-mass-delete" help:"With --to-commit --prune: allow deletes past the mass-delete threshold."`
}

func (c *rollbackCmd) Help() string {
	return `Puts earlier content back live and in the files, so the repository agrees
with what is live (an apply from the repository must not re-deploy what was
rolled back).

--to-version N / --previous: each file's resource is restored to that version
through the restore endpoint, conditional on the live version (a new version,
"restored from vN"; history is kept), and the file is rewritten from it.

--to-commit REF: the files as they were at REF are planned against live like
'octosync plan' and applied like 'octosync apply' (drift refused unless
--force-drift, deletes only with --prune); content a server version holds is
restored rather than PUT. Then the files at REF are written into the working
tree. Without --commit, commit and merge them: until then an apply from the
default branch would undo the rollback.`
}

func (c *rollbackCmd) Run(env *Env) error {
	if err := c.checkFlags(); err != nil {
		return err
	}
	repo, err := loadRepo(env, c.Dir)
	if err != nil {
		return err
	}
	rels, err := c.relPaths(repo)
	if err != nil {
		return err
	}
	if c.Commit {
		if err := rollback.CheckCommit(repo.Root); err != nil {
			return err
		}
	}
	sess, err := c.connect(env, repo.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()
	if c.DryRun {
		sess.Provider = provider.ReadOnly{P: sess.Provider}
	}
	rb, err := c.plan(env, repo, sess, rels)
	if err != nil {
		return err
	}
	if err := c.preview(env, rb); err != nil {
		return err
	}
	switch {
	case c.DryRun:
		return c.dryRunStatus(rb)
	case !rb.HasWork(c.applyOptions(nil)):
		fmt.Fprintln(env.Stdout, "Nothing to roll back: live and the files already hold that content.")
		return nil
	}
	if err := c.confirm(env); err != nil {
		return err
	}
	return c.execute(env, sess, rb)
}

// checkFlags refuses contradictory flags before anything is read.
func (c *rollbackCmd) checkFlags() error {
	forms := 0
	for _, set := range []bool{c.ToVersion != 0, c.Previous, c.ToCommit != ""} {
		if set {
			forms++
		}
	}
	switch {
	case forms != 1:
		return errors.New("say where to roll back to: --to-version N or --previous (with resource files), or --to-commit REF")
	case c.ToVersion < 0:
		return fmt.Errorf("--to-version %d: versions count from 1 (see `octosync history PATH`)", c.ToVersion)
	case c.ToCommit == "" && len(c.Paths) == 0:
		return errors.New("name the resource files to roll back (--to-version and --previous work file by file)")
	case c.ToCommit == "" && (c.ForceDrift || c.Prune || c.AllowMassDelete || c.MaxDeletes >= 0 || len(c.Business) > 0 || len(c.Kind) > 0):
		return errors.New("--force-drift, --prune, --allow-mass-delete, --max-deletes, --business and --kind go with --to-commit")
	case c.Message != "" && !c.Commit:
		return errors.New("--message goes with --commit: it is the reason written in the commit message")
	case c.Commit && c.DryRun:
		return errors.New("--dry-run changes nothing, so it cannot --commit")
	}
	return nil
}

func (c *rollbackCmd) relPaths(repo *source.Repo) ([]string, error) {
	var rels []string
	for _, p := range c.Paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return nil, err
		}
		rels = append(rels, rel)
	}
	return rels, nil
}

// plan builds the rollback: to a version, or to a commit.
func (c *rollbackCmd) plan(env *Env, repo *source.Repo, sess *session, rels []string) (*rollback.Rollback, error) {
	if c.ToCommit == "" {
		docs, err := history.Documents(repo, rels)
		if err != nil {
			return nil, err
		}
		return rollback.ToVersion(env.Ctx, sess.Provider, repo, rollback.VersionRequest{
			Docs: docs, Version: c.ToVersion, Previous: c.Previous, Target: sess.Target, Sandbox: sess.Sandbox,
			Env: sess.Environment,
		})
	}
	opts, err := c.planOptions(&repo.Layout, nil, nil, c.AllowMassDelete, c.ForceDrift)
	if err != nil {
		return nil, err
	}
	opts.Paths = rels
	opts.Target, opts.Sandbox = sess.Target, sess.Sandbox
	return rollback.ToCommit(env.Ctx, sess.Provider, repo, rollback.CommitRequest{
		Ref: c.ToCommit, Options: opts, DryRun: c.DryRun, Env: sess.Environment,
	})
}

// preview shows the live changes and the files that would change.
func (c *rollbackCmd) preview(env *Env, rb *rollback.Rollback) error {
	if len(rb.Plan.Changes) > 0 {
		if err := render.Text(env.Stdout, rb.Plan, render.TextOptions{Color: useColor(env, c.NoColor)}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(env.Stdout, "No live change: live already holds that content.")
	}
	if len(rb.Files) > 0 {
		fmt.Fprintln(env.Stdout)
		if err := render.RollbackFiles(env.Stdout, "Files:", rb.Files); err != nil {
			return err
		}
	}
	if len(rb.Kept) > 0 {
		fmt.Fprintln(env.Stdout)
		return render.RollbackFiles(env.Stdout, "Kept, their resources staying live:", rb.Kept)
	}
	return nil
}

func (c *rollbackCmd) dryRunStatus(rb *rollback.Rollback) error {
	switch {
	case rb.Plan.HasDrift():
		return withCode(ExitDrift, nil)
	case rb.HasWork(c.applyOptions(nil)):
		return withCode(ExitChanges, nil)
	}
	return nil
}

func (c *rollbackCmd) confirm(env *Env) error {
	if c.AutoApprove {
		return nil
	}
	if !env.StdinTerminal {
		return errors.New("no terminal to ask for confirmation: pass --auto-approve to roll back without asking (nothing was changed)")
	}
	fmt.Fprint(env.Stderr, "\nRoll back? [y/N] ")
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return errors.New("rollback cancelled: nothing was changed")
	}
	return nil
}

// execute applies, writes the files, commits, and says what is next.
func (c *rollbackCmd) execute(env *Env, sess *session, rb *rollback.Rollback) error {
	hook := newProgress(env, false)
	res, err := rollback.Execute(env.Ctx, sess.Provider, rb, rollback.ExecOptions{
		Apply: c.applyOptions(hook), Commit: c.Commit, Message: c.Message,
	})
	hook.finish()
	if len(rb.Plan.Changes) > 0 {
		fmt.Fprintln(env.Stdout)
		if rerr := render.ApplyText(env.Stdout, res.Report, render.TextOptions{Color: useColor(env, c.NoColor)}); rerr != nil {
			return rerr
		}
	}
	if res.Report.Interrupted {
		return withCode(ExitInterrupted, errors.New("interrupted: changes in flight finished, none was started after the signal, no file was written; run the same rollback again to finish"))
	}
	if err != nil {
		return err
	}
	if err := render.RollbackOutcome(env.Stdout, rb, res); err != nil {
		return err
	}
	if n := res.Report.Count(apply.Failed); n > 0 {
		return fmt.Errorf("%d change(s) failed and their files were left alone; see the reasons above, then run the rollback again", n)
	}
	return nil
}

// applyOptions are the apply options of the live changes.
func (c *rollbackCmd) applyOptions(hook apply.Hook) apply.Options {
	return apply.Options{ForceDrift: c.ForceDrift, AllowMassDelete: c.AllowMassDelete, Parallelism: 2 * c.Parallelism, Hook: hook}
}
