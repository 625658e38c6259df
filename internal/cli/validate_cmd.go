package cli

import (
	"github.com/octosync/octosync/internal/convtest"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/render"
)

// validateCmd checks the repository offline: it never builds an API client.
type validateCmd struct {
	Dir     string `help:"The configuration repository (default: the one enclosing the current folder)." placeholder:"DIR"`
	Strict  bool   `help:"Fail on warnings too."`
	Output  string `short:"o" enum:"text,json" default:"text" help:"Report format: text or json."`
	NoColor bool   `name:"no-color" help:"Never colour the output (NO_COLOR is honoured too)."`
}

func (c *validateCmd) Help() string {
	return `Reads every file of the repository and reports every problem at once, as
path:line:col: error|warning: message (paths relative to DIR), then a summary.

Checked: the layout of businesses/, the structure of each file against the JSON
Schemas (YAML syntax, unknown keys, types, required keys), duplicate titles and
ids, the server's limits from octosync.yaml, variant conditions and condition
providers, actions quoted in instructions, empty articles and relative links or
images to missing files, and language codes.

Needs no network and no API key. Exits 1 when there are errors (with --strict,
warnings too), 0 otherwise. Under GitHub Actions (GITHUB_ACTIONS=true) it also
prints ::error and ::warning annotations.`
}

func (c *validateCmd) Run(env *Env) error {
	repo, diags, err := lint.Open(c.Dir)
	if err != nil {
		return err
	}
	tests, testDiags, err := convtest.Load(repo, nil)
	if err != nil {
		return err
	}
	diags.Add(testDiags...)
	for _, t := range tests {
		diags.Add(lint.CheckTexts(repo.Config, t.File, t.Texts)...)
	}
	diags = diags.Sort()

	if c.Output == "json" {
		err = render.ValidateJSON(env.Stdout, diags, len(repo.Files))
	} else {
		err = render.ValidateText(env.Stdout, diags, len(repo.Files), render.TextOptions{Color: useColor(env, c.NoColor)})
		if err == nil {
			err = ghactions.AnnotateDiagnostics(env.Stdout, env.Getenv, repo.Root, diags)
		}
	}
	if err != nil {
		return err
	}
	warnOnly(env, ghactions.NewStep(env.Getenv, repo.Root, env.Stderr).ValidateDone(render.ValidateSummary(diags, len(repo.Files)), diagStrings(diags)))
	if diags.HasErrors() || c.Strict && diags.Warnings() > 0 {
		return withCode(ExitError, nil)
	}
	return nil
}

func diagStrings(diags diag.List) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.String()
	}
	return out
}
