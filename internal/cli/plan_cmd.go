package cli

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/source"
)

type planCmd struct {
	planFlags
	apiFlags
	Paths            []string `arg:"" predictor:"path" optional:"" help:"Only these files or folders." placeholder:"PATH"`
	Output           string   `short:"o" enum:"text,json,markdown" default:"text" help:"Output format: text, json or markdown."`
	Out              string   `help:"Also save the plan as JSON to FILE, for 'octosync apply FILE'." placeholder:"FILE"`
	ForceDrift       bool     `name:"force-drift" help:"Plan for 'apply --force-drift': drifted deletes count toward the mass-delete guard (recorded in --out)."`
	AllowMassDelete  bool     `name:"allow-mass-delete" help:"Plan deletes past maxDeletes or of more than half of a business's resources of one kind (recorded in --out)."`
	DetailedExitcode bool     `name:"detailed-exitcode" help:"Exit 0 when in sync, 2 when there are changes to apply, 3 when drift is present (1 is always an error)."`
	Comment          bool     `help:"Post the plan as one comment on the pull request, updated on every run (GitHub Actions, pull_request events; see docs/github-actions.md)."`
}

func (c *planCmd) Help() string {
	return `Compares the repository's files with the live organization and shows what
'octosync apply' would change. plan never writes: it holds a read-only
connection, so a write is impossible by construction.

Resources are matched by the id in their file, else by title within their
business and kind. Live content that no commit of the repository ever held
was edited outside git: it is shown as drift (!) and apply leaves it alone.
Deletes of live resources without a file are listed but withheld unless
--prune (or prune: true in octosync.yaml).`
}

func (c *planCmd) Run(env *Env) error {
	// A path selection needs the files first; otherwise they are read
	// while live state is fetched (buildPlan).
	repo, err := openRepo(env, c.Dir, len(c.Paths) > 0, true)
	if err != nil {
		return err
	}
	gh := ghactions.NewStep(env.Getenv, repo.Root, env.Stderr)
	if err := gh.CheckCommand("plan", c.Comment, false); err != nil {
		return err
	}
	opts, err := c.planOptions(&repo.Layout, repo.documents(), c.Paths, c.AllowMassDelete, c.ForceDrift)
	if err != nil {
		return err
	}
	sess, err := c.connect(env, repo.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()
	sess.Provider = provider.ReadOnly{P: sess.Provider}

	p, err := buildPlan(env, repo, sess, opts)
	if err != nil {
		return err
	}
	if c.Out != "" {
		data, err := plan.Marshal(p)
		if err != nil {
			return err
		}
		if err := savePlan(repo.Root, c.Out, data); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	var buf bytes.Buffer
	switch c.Output {
	case "json":
		err = render.JSON(&buf, p)
	case "markdown":
		err = render.Markdown(&buf, p, render.MarkdownOptions{})
	default:
		err = render.Text(&buf, p, render.TextOptions{Color: useColor(env, c.NoColor)})
	}
	if err != nil {
		return err
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if c.Out != "" && c.Output == "text" {
		fmt.Fprintf(env.Stdout, "\nSaved the plan to %s. Apply exactly these changes with: octosync apply %s\n", c.Out, c.Out)
	}
	if err := gh.PlanDone(env.Ctx, p, c.Out, c.Comment); err != nil {
		return err
	}
	if c.DetailedExitcode {
		switch {
		case p.HasDrift():
			return withCode(ExitDrift, nil)
		case p.HasChanges():
			return withCode(ExitChanges, nil)
		}
	}
	return nil
}

// savePlan writes a saved plan to out. The home of saved plans, the
// repository's .octosync/plans/ (source.PlansDir, ignored by git), is
// created when out names a file in it, never through a symbolic link.
func savePlan(root, out string, data []byte) error {
	if abs, err := filepath.Abs(out); err == nil {
		if rel, err := filepath.Rel(root, filepath.Dir(abs)); err == nil && rel == filepath.FromSlash(source.PlansDir) {
			d, err := safewrite.Open(root)
			if err != nil {
				return err
			}
			err = d.MkdirAll(source.PlansDir)
			d.Close()
			if err != nil {
				return err
			}
		}
	}
	return safewrite.WritePath(out, data, 0o644)
}
