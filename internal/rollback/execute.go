package rollback

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
)

// ExecOptions shape Execute.
type ExecOptions struct {
	// Apply shapes the live changes (ForceDrift, AllowMassDelete,
	// Parallelism, Hook).
	Apply apply.Options
	// Commit records the files written in a commit on the current branch;
	// Message, when set, says why in its body.
	Commit  bool
	Message string
	// When is the commit time; zero means now.
	When time.Time
}

// Result is what Execute did.
type Result struct {
	Report *apply.Report
	// Files are the paths written or removed, sorted; Held those left
	// alone because their live change did not succeed.
	Files, Held []string
	// Commit is the sha of the commit made with ExecOptions.Commit.
	Commit string
}

// Execute applies the live changes (as apply does: ordering, If-Match,
// bounded parallelism, nothing new started after ctx is cancelled), then
// writes the files whose changes succeeded, then commits them when asked.
// An interrupted run writes no file: a rerun plans again and converges.
func Execute(ctx context.Context, prov provider.Provider, rb *Rollback, opts ExecOptions) (*Result, error) {
	rep := apply.Run(ctx, prov, rb.Plan, opts.Apply)
	res := &Result{Report: rep}
	if rep.Interrupted {
		return res, nil
	}
	failed := map[string]bool{}
	for _, r := range rep.Results {
		if r.Outcome == apply.Failed {
			failed[r.Change.Key.ID] = true
		}
	}
	var ops []pull.Op
	for _, o := range rb.Files {
		id := o.Subject.ID
		if (id != "" && failed[id]) || (id == "" && len(failed) > 0) {
			res.Held = appendOnce(res.Held, o.Path)
			continue
		}
		ops = append(ops, o)
		res.Files = appendOnce(res.Files, o.Path)
	}
	if err := pull.Apply(rb.root, ops); err != nil {
		return res, err
	}
	if !opts.Commit || len(res.Files) == 0 {
		return res, nil
	}
	hash, err := commit(rb, res.Files, opts)
	res.Commit = hash
	return res, err
}

func commit(rb *Rollback, paths []string, opts ExecOptions) (string, error) {
	g, err := gitrepo.Open(rb.root)
	if err != nil {
		return "", err
	}
	defer g.Close()
	hash, err := g.Commit(gitrepo.CommitOptions{Paths: paths, Message: Message(rb, opts.Message), When: opts.When})
	if errors.Is(err, gitrepo.ErrNothingToCommit) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("the files are rolled back but not committed: %w", err)
	}
	return hash, nil
}

// Message is the commit message of a rollback: what was rolled back, from
// which version to which, and why when a reason is given.
func Message(rb *Rollback, why string) string {
	var b strings.Builder
	b.WriteString(rb.Subject)
	if len(rb.Details) > 0 {
		b.WriteString("\n\n")
		for _, d := range rb.Details {
			b.WriteString("- " + d + "\n")
		}
	}
	if why = strings.TrimSpace(why); why != "" {
		b.WriteString("\nWhy: " + why + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// CheckCommit says whether the files could be committed: the repository
// must be a git repository. Callers check before any change.
func CheckCommit(root string) error {
	g, err := gitrepo.Open(root)
	if err != nil {
		return fmt.Errorf("--commit: %w", err)
	}
	return g.Close()
}

func appendOnce(s []string, p string) []string {
	for _, x := range s {
		if x == p {
			return s
		}
	}
	return append(s, p)
}
