package pull

import (
	"errors"
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/gitrepo"
)

// DriftBranch is the branch of the nightly drift pull request when
// `pull --drift-only --pull-request` is given no --branch: octosync/drift
// in a repository without environments, octosync/drift-<name> for an
// environment (the default one included), so that each environment's
// drift has a branch and a pull request of its own and two environments
// never overwrite each other's. An environment's name (lower-case letters,
// digits and '-', config) always makes a valid branch name.
func DriftBranch(env *config.Environment) string {
	if env == nil {
		return "octosync/drift"
	}
	return "octosync/drift-" + env.Name
}

// driftTrailer is the DriftTrailer of env's drift commits: DriftTrailer
// itself without environments, "Octosync-Pull: drift <name>" with one. A
// drift branch holds one environment's drift: the next run of another
// environment on the same --branch finds a commit without its trailer and
// refuses to move the branch (foreignDrift says why).
func driftTrailer(env *config.Environment) string {
	if env == nil {
		return DriftTrailer
	}
	return DriftTrailer + " " + env.Name
}

// foreignDrift turns err, when it is a drift branch holding another
// environment's drift commit, into an error saying so and what to do;
// any other err is returned as it is.
func foreignDrift(err error, opts ExecOptions) error {
	var fe *gitrepo.ForeignCommitError
	if !errors.As(err, &fe) {
		return err
	}
	for _, l := range strings.Split(fe.Commit.Message, "\n") {
		other, ok := strings.CutPrefix(strings.TrimSpace(l), DriftTrailer)
		if !ok || (other != "" && other[0] != ' ') {
			continue
		}
		whose := "the repository without environments"
		if name := strings.TrimSpace(other); name != "" {
			whose = "the environment " + name
		}
		return fmt.Errorf("branch %q holds the drift of %s (commit %s), not of %s: each environment needs a drift branch of its own; leave --branch out (the default is %s)",
			fe.Branch, whose, fe.Commit.Short(), envLabel(opts.Env), DriftBranch(opts.Env))
	}
	return err
}

// envLabel names env in a sentence.
func envLabel(env *config.Environment) string {
	if env == nil {
		return "the repository without environments"
	}
	return "the environment " + env.Name
}
