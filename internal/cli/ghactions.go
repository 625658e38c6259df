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
// own annotations pass as commands. flush writes an unfinished last line.
func commandSafe(env *Env) (safe *Env, flush func()) {
	if env.Getenv == nil || env.Getenv("GITHUB_ACTIONS") != "true" {
		return env, func() {}
	}
	out, errw := ghactions.NewCommandSafe(env.Stdout), ghactions.NewCommandSafe(env.Stderr)
	e := *env
	e.Stdout, e.Stderr = out, errw
	return &e, func() {
		_ = out.Flush()
		_ = errw.Flush()
	}
}
