package cli

import (
	"io"
	"strconv"

	"github.com/alecthomas/kong"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/version"
)

// newParser builds the kong parser of the grammar g, writing to env's
// streams. Run and the reference generator (Model) share it, so the
// reference is the help text.
func newParser(env *Env, g *grammar, exit func(int)) (*kong.Kong, error) {
	return kong.New(g,
		kong.Name("octosync"),
		kong.Description("GitOps for Octocom: keep your bot's articles, workflows and bot rules in git."),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Exit(exit),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, Summary: true}),
		kong.Vars{
			"version":             "octosync " + version.Full(),
			"default_api_url":     "https://api.octocom.ai/rest/v1",
			"default_parallelism": strconv.Itoa(octocom.DefaultParallelism),
		},
		kong.Bind(env),
	)
}

// Model is the command line's kong model, for the reference generator
// (internal/tools/refgen, run by `go generate ./internal/cli`): the help
// text of the grammar is the command reference's only source.
func Model() (*kong.Application, error) {
	p, err := newParser(&Env{Stdout: io.Discard, Stderr: io.Discard}, &grammar{}, func(int) {})
	if err != nil {
		return nil, err
	}
	return p.Model, nil
}
