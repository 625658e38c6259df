package cli

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/convtest"
	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/source"
)

// testCmd runs the repository's conversation tests against a business's bot.
type testCmd struct {
	apiFlags
	Dir      string   `help:"The configuration repository (default: the one enclosing the current folder)." placeholder:"DIR"`
	Paths    []string `arg:"" predictor:"path" optional:"" help:"Only the tests in these files or folders." placeholder:"PATH"`
	Business []string `predictor:"business" help:"Only the tests of these businesses (repeatable)." placeholder:"SLUG"`
	Tag      []string `help:"Only the tests with one of these tags (repeatable); --tag skip runs the tests tagged skip." placeholder:"TAG"`
	Output   string   `short:"o" enum:"text,json,junit" default:"text" help:"Report format on stdout: text, json or junit."`
	JUnit    string   `name:"junit" help:"Also write a JUnit XML report to FILE." placeholder:"FILE"`
}

func (c *testCmd) Help() string {
	return `Runs the conversation tests of businesses/<slug>/tests/*.yaml against each
business's bot through Octocom's Bot Conversations API (or the built-in
sandbox's deterministic bot with --sandbox): every test is a conversation, its
customer messages sent in order, each reply checked against the expectations.
Conversations run in parallel within --parallelism. In a repository with
environments, the ${{ values.NAME }} placeholders of test files are rendered
with the values of the environment --env names.

Text output prints one line per test and, for a failure, the transcript with
each broken expectation at its file:line. Tests tagged skip run only with
--tag skip. Under GitHub Actions (GITHUB_ACTIONS=true) failures are also
annotations at the expectation's line, and a table goes to the step summary.

Exits 0 when every test passes, 1 otherwise (also for invalid test files).
See docs/conversation-tests.md.`
}

func (c *testCmd) Run(env *Env) error {
	repo, err := source.Open(c.Dir)
	if err != nil {
		return err
	}
	// The environment's values render the tests before anything is sent.
	environment, err := repo.Config.Select(c.environmentName(env))
	if err != nil {
		return err
	}
	tests, diags, err := convtest.Load(repo, environment)
	if err != nil {
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(env.Stderr, render.Visible(d.String()))
	}
	if diags.HasErrors() {
		return withCode(ExitError, fmt.Errorf("%d error(s) in the test files: fix them (see `octosync validate`); no test was run", diags.Errors()))
	}
	run, skipped, err := c.selectTests(repo, tests)
	if err != nil {
		return err
	}
	sess, err := c.connect(env, repo.Root, repo.Config)
	if err != nil {
		return err
	}
	defer sess.Close()
	bot, ok := sess.Provider.(provider.Conversations)
	if !ok {
		return errors.New("this connection cannot hold bot conversations")
	}
	// As many conversations as the client keeps requests in flight: each
	// conversation has one request in flight at a time.
	opts := convtest.Options{Parallelism: provider.ParallelismOf(sess.Provider)}
	switch {
	case c.Output != "text":
	case sess.Sandbox && sess.Environment == nil:
		fmt.Fprintln(env.Stdout, "Testing against the built-in sandbox's deterministic bot, not a live Octocom organization.")
	case sess.Environment != nil:
		fmt.Fprintln(env.Stdout, render.Notice("Testing against", sess.EnvironmentName(), sess.Target, sess.Sandbox))
	}
	results, err := convtest.Run(env.Ctx, bot, liveSlugs(run, sess.Environment), skipped, opts)
	if err != nil {
		return err
	}
	return c.report(env, repo.Root, results)
}

// liveSlugs is tests with each business folder replaced by environment's
// live slug: a test of businesses/northwind-eu talks to northwind-eu-staging
// in staging (docs/environments.md).
func liveSlugs(tests []*convtest.Test, environment *config.Environment) []*convtest.Test {
	if environment == nil {
		return tests
	}
	out := make([]*convtest.Test, len(tests))
	for i, t := range tests {
		c := *t
		c.Business = environment.Slug(t.Business)
		out[i] = &c
	}
	return out
}

// selectTests applies the filters; skipped are the tests left out only by
// convtest.SkipTag, which reports list.
func (c *testCmd) selectTests(repo *source.Repo, tests []*convtest.Test) (run, skipped []*convtest.Test, err error) {
	for _, b := range c.Business {
		if !slices.Contains(repo.Businesses, b) {
			return nil, nil, fmt.Errorf("--business %s: the repository has no businesses/%s folder (it has: %s)", b, b, strings.Join(repo.Businesses, ", "))
		}
	}
	var paths []string
	for _, p := range c.Paths {
		rel, err := repoRelative(repo.Root, p)
		if err != nil {
			return nil, nil, err
		}
		paths = append(paths, rel)
	}
	for _, t := range tests {
		switch {
		case t.Selected(c.Business, c.Tag, paths):
			run = append(run, t)
		case t.Skipped(c.Business, c.Tag, paths):
			skipped = append(skipped, t)
		}
	}
	if len(run) == 0 && len(skipped) == 0 {
		return nil, nil, fmt.Errorf("no conversation tests selected: add businesses/<slug>/tests/<name>.yaml files (see docs/conversation-tests.md), or check the paths, --business and --tag")
	}
	return run, skipped, nil
}

// report writes the chosen report, the JUnit file and the GitHub Actions
// output, and decides the exit status.
func (c *testCmd) report(env *Env, root string, results []convtest.Result) error {
	var buf bytes.Buffer
	var err error
	switch c.Output {
	case "json":
		err = render.ConvTestJSON(&buf, results)
	case "junit":
		err = render.ConvTestJUnit(&buf, results)
	default:
		err = render.ConvTestText(&buf, results)
	}
	if err != nil {
		return err
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if c.JUnit != "" {
		var x bytes.Buffer
		if err := render.ConvTestJUnit(&x, results); err != nil {
			return err
		}
		if err := writeReportFile(c.JUnit, x.Bytes()); err != nil {
			return fmt.Errorf("--junit: %w", err)
		}
	}
	if env.Getenv("GITHUB_ACTIONS") == "true" {
		if err := ghactions.AnnotateDiagnostics(env.Stdout, env.Getenv, root, render.ConvTestDiagnostics(results)); err != nil {
			return err
		}
		var md bytes.Buffer
		if err := render.ConvTestSummary(&md, results); err != nil {
			return err
		}
		if err := ghactions.AppendSummary(env.Getenv("GITHUB_STEP_SUMMARY"), md.String(), "Every result is in the job's log."); err != nil {
			fmt.Fprintf(env.Stderr, "warning: step summary: %v\n", err)
		}
	}
	if s := convtest.Summarize(results); s.Failed > 0 {
		return withCode(ExitError, nil)
	}
	return nil
}

// writeReportFile writes a report file, refusing to write through a
// symbolic link.
func writeReportFile(path string, data []byte) error {
	return safewrite.WritePath(path, data, 0o644)
}
