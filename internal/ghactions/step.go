package ghactions

import (
	"context"
	"fmt"
	"github.com/octosync/octosync/internal/render"
	"io"
	"path/filepath"
	"strings"
)

// Step is one octosync command run as a GitHub Actions step. The command
// layer makes one per run and calls its hooks; outside GitHub Actions
// (Env.Enabled false) every hook does nothing, so callers need no checks.
type Step struct {
	Env Env
	// Root is the absolute repository directory (the one holding
	// octosync.yaml).
	Root string
	// Dir is Root relative to the workspace, slash-separated ("." at its
	// root), or Root itself (slash-separated) when it lies outside the
	// workspace: the key of the pull-request comment, so two directories
	// get two comments.
	Dir string
	// Log receives annotations and one-line notes (the command's stderr).
	Log io.Writer

	client *Client
}

// NewStep reads the environment for a command on the repository at root.
func NewStep(getenv func(string) string, root string, log io.Writer) *Step {
	e := FromEnv(getenv)
	s := &Step{Env: e, Root: root, Dir: ".", Log: log}
	if root == "" {
		return s
	}
	s.Dir = filepath.ToSlash(resolved(root))
	if e.Workspace != "" {
		if rel, err := filepath.Rel(resolved(e.Workspace), resolved(root)); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			s.Dir = filepath.ToSlash(rel)
		}
	}
	return s
}

// resolved is p with symbolic links resolved when it exists, so that a
// workspace reached through a link still contains the repository.
func resolved(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// Enabled reports whether the command runs under GitHub Actions.
func (s *Step) Enabled() bool { return s != nil && s.Env.Enabled }

// Client returns the GitHub API client, built on first use.
func (s *Step) Client() (*Client, error) {
	if s.client != nil {
		return s.client, nil
	}
	c, err := NewClient(s.Env)
	if err != nil {
		return nil, err
	}
	s.client = c
	return c, nil
}

// CheckCommand refuses, before anything is read or written, a command the
// triggering event does not support: apply on a pull request (whose
// changes nobody merged yet), plan --comment outside a pull request, and
// apply --require-reviewed-plan outside a push.
func (s *Step) CheckCommand(command string, comment, requireReviewed bool) error {
	if !s.Enabled() {
		switch {
		case comment:
			return fmt.Errorf("%s --comment works only in GitHub Actions (GITHUB_ACTIONS=true, on a pull_request event)", command)
		case requireReviewed:
			return fmt.Errorf("%s --require-reviewed-plan works only in GitHub Actions (GITHUB_ACTIONS=true, on a push event)", command)
		}
		return nil
	}
	ev := eventName(s.Env.EventName)
	switch {
	case command == "apply" && s.Env.IsPullRequest():
		return fmt.Errorf("apply does not run on %s events: a pull request is not merged yet; run plan on pull requests and apply on push to the default branch (see example-repo/.github/workflows); nothing was applied", ev)
	case comment && !s.Env.IsPullRequest():
		return fmt.Errorf("%s --comment: the %s event has no pull request to comment on; pass --comment only on pull_request events (the action's comment input does so by default)", command, ev)
	case requireReviewed && s.Env.EventName != "push":
		return fmt.Errorf("%s --require-reviewed-plan: the %s event merged no pull request; use it in the workflow that runs on push to the default branch", command, ev)
	}
	return nil
}

// ReportFailure prints err as one ::error workflow command, the line
// GitHub shows in red in the log and on the run's page, and notes it in the
// step summary. It returns false, printing nothing, outside GitHub Actions.
func ReportFailure(getenv func(string) string, w io.Writer, err error) bool {
	e := FromEnv(getenv)
	if !e.Enabled || err == nil {
		return false
	}
	msg := err.Error()
	_ = Write(w, []Annotation{{Level: LevelError, Message: msg}})
	first, _, _ := strings.Cut(msg, "\n")
	_ = AppendSummary(e.SummaryFile, "**octosync failed:** "+render.MarkdownText(first)+"\n", "")
	return true
}

// note prints a one-line notice.
func (s *Step) note(format string, args ...any) {
	_ = Write(s.Log, []Annotation{{Level: LevelNotice, Message: fmt.Sprintf(format, args...)}})
}

// withContext is ctx, or Background when nil.
func withContext(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
