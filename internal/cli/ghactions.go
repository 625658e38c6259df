package cli

import (
	"fmt"

	"github.com/octosync/octosync/internal/ghactions"
)

// warnOnly prints err, from publishing a result to GitHub Actions after
// the work is done, as a warning: the command's own outcome decides the
// exit status.
func warnOnly(env *Env, err error) {
	if err != nil {
		fmt.Fprintf(env.Stderr, "Warning: %v\n", err)
	}
}

// commandSafe is env with stdout and stderr behind the workflow-command
// filter when the command runs in GitHub Actions (GITHUB_ACTIONS=true):
// every command's output, whatever it prints and from wherever the text
// came, passes the one sink (ghactions.CommandSafe), and only octosync's
// own annotations pass as commands. The runner reads pipes: a stream that
// is a terminal (someone trying GITHUB_ACTIONS=true by hand) is left as
// is, so a prompt is not held back waiting for its line to end. flush
// writes an unfinished last line.
func commandSafe(env *Env) (safe *Env, flush func()) {
	if env.Getenv == nil || env.Getenv("GITHUB_ACTIONS") != "true" {
		return env, func() {}
	}
	e := *env
	var sinks []*ghactions.CommandSafe
	if !env.StdoutTerminal {
		out := ghactions.NewCommandSafe(env.Stdout)
		e.Stdout, sinks = out, append(sinks, out)
	}
	if !env.StderrTerminal {
		errw := ghactions.NewCommandSafe(env.Stderr)
		e.Stderr, sinks = errw, append(sinks, errw)
	}
	return &e, func() {
		for _, s := range sinks {
			_ = s.Flush()
		}
	}
}
