package cli

import "fmt"

// warnOnly prints err, from publishing a result to GitHub Actions after
// the work is done, as a warning: the command's own outcome decides the
// exit status.
func warnOnly(env *Env, err error) {
	if err != nil {
		fmt.Fprintf(env.Stderr, "Warning: %v\n", err)
	}
}
