package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"
	"golang.org/x/term"
)

// grammar is the command line. Each command is a struct with a Run method
// whose parameters kong binds by type.
type grammar struct {
	VersionFlag kong.VersionFlag `name:"version" help:"Print the version and the commit octosync was built from, then exit."`
	Version     versionCmd       `cmd:"" help:"Print the octosync version."`
	Validate    validateCmd      `cmd:"" help:"Check every file of the repository; needs no network."`
	Init        initCmd          `cmd:"" help:"Create a new configuration repository."`
	Plan        planCmd          `cmd:"" help:"Show what apply would change."`
	Apply       applyCmd         `cmd:"" help:"Push the repository's configuration to Octocom."`
	Pull        pullCmd          `cmd:"" help:"Write live Octocom configuration into the files."`
	History     historyCmd       `cmd:"" help:"Show the server's version history of resources, tied to commits."`
	Rollback    rollbackCmd      `cmd:"" help:"Put earlier content back, live and in the files."`
	Test        testCmd          `cmd:"" help:"Run the conversation tests against the bot."`
	Sandbox     sandboxCmd       `cmd:"" help:"Run or reset the built-in Octocom API emulator."`

	Completion completionCmd `cmd:"" help:"Print shell code for completion (bash, zsh, fish)."`

	Timeout time.Duration `default:"30m" placeholder:"DURATION" help:"Stop the command after this long, e.g. 10m; 0 means no limit (default ${default}; sandbox serve is never limited)."`
}

// Env is the world a command runs in: its streams, its environment and a
// context cancelled by SIGINT/SIGTERM. Tests build one by hand.
type Env struct {
	Ctx    context.Context
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (os.Getenv in production).
	Getenv func(string) string
	// StdinTerminal, StdoutTerminal, StderrTerminal say which streams are
	// terminals: prompts, colour and live progress depend on them.
	StdinTerminal, StdoutTerminal, StderrTerminal bool
	// Now is the clock of flags relative to the present (history --since);
	// nil means time.Now.
	Now func() time.Time
}

// now reads env's clock.
func (env *Env) now() time.Time {
	if env.Now != nil {
		return env.Now()
	}
	return time.Now()
}

// Main runs octosync with args and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{
		Ctx:            ctx,
		Stdin:          os.Stdin,
		Stdout:         stdout,
		Stderr:         stderr,
		Getenv:         os.Getenv,
		StdinTerminal:  isTerminal(os.Stdin),
		StdoutTerminal: stdout == io.Writer(os.Stdout) && isTerminal(os.Stdout),
		StderrTerminal: stderr == io.Writer(os.Stderr) && isTerminal(os.Stderr),
	}
	return Run(env, args)
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Run parses args and runs the chosen command in env.
func Run(env *Env, args []string) int {
	env, flush := commandSafe(env)
	defer flush()
	var g grammar
	exited := -1
	parser, err := newParser(env, &g, func(code int) {
		if exited < 0 {
			exited = code
		}
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "octosync: %v\n", err)
		return ExitError
	}
	if completeShell(env, parser) {
		return ExitOK
	}
	if len(args) == 0 {
		args = []string{"--help"} // octosync alone asks what it can do
	}
	kctx, err := parser.Parse(args)
	if exited >= 0 {
		// --help (or kong's own exit) already printed what it had to.
		return exited
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "octosync: %v\n", err)
		var perr *kong.ParseError
		if errors.As(err, &perr) {
			fmt.Fprintf(env.Stderr, "Run %q for usage.\n", strings.Join(append(append([]string{"octosync"}, strings.Fields(commandPath(perr.Context))...), "--help"), " "))
		}
		return ExitError
	}
	restore := withTimeout(env, g.Timeout, commandPath(kctx))
	err = kctx.Run()
	err, timeout := timedOut(env.Ctx, err)
	restore()
	var es *exitStatus
	if err != nil && !timeout && env.Ctx != nil && env.Ctx.Err() != nil && !errors.As(err, &es) {
		// Ctrl-C: the error is the cancellation itself, not worth showing.
		err = withCode(ExitInterrupted, errors.New("interrupted; nothing was left half-done: run the command again"))
	}
	return report(env, err)
}

func commandPath(kctx *kong.Context) string {
	if kctx == nil {
		return ""
	}
	p := kctx.Command()
	return trimArgs(p)
}
