package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Commit describes one commit for display and for matching content to the
// commit that introduced it.
type Commit struct {
	Hash    string    // 40-digit hex sha
	When    time.Time // author time
	Author  Signature
	Message string // full message, trailing newline removed
}

// Subject is the first line of the message.
func (c Commit) Subject() string {
	s, _, _ := strings.Cut(c.Message, "\n")
	return s
}

// Short is the abbreviated sha: ShortHash.
func (c Commit) Short() string { return ShortHash(c.Hash) }

// ShortLen is the length of every abbreviated commit hash octosync shows,
// as git prints them by default.
const ShortLen = 7

// ShortHash abbreviates a commit hash to ShortLen digits: the one place
// octosync shortens a hash, so a hash in a log line, a commit message and a
// pull-request comment reads the same.
func ShortHash(h string) string {
	if len(h) <= ShortLen {
		return h
	}
	return h[:ShortLen]
}

func commitOf(c *object.Commit) Commit {
	return Commit{
		Hash:    c.Hash.String(),
		When:    c.Author.When,
		Author:  Signature{Name: c.Author.Name, Email: c.Author.Email},
		Message: strings.TrimRight(c.Message, "\n"),
	}
}

// Signature is a commit author.
type Signature struct {
	Name  string
	Email string
}

// String is "Name <email>".
func (s Signature) String() string { return s.Name + " <" + s.Email + ">" }

// DefaultSignature is the author used when git config names none.
var DefaultSignature = Signature{Name: "octosync", Email: "octosync@localhost"}

// CommitOptions say what Commit records.
type CommitOptions struct {
	// Paths are the files to stage, relative to the octosync directory: a
	// path that exists is added, one that no longer exists is removed from
	// the index. Changes already staged by the user are committed too, as
	// `git commit` would.
	Paths []string
	// Message is the commit message; it must not be empty.
	Message string
	// Branch is the branch to commit on; "" means the current one. A branch
	// that does not exist is created at HEAD and checked out, which touches
	// no file because it points at the commit the worktree already has (like
	// `git switch -c`). An existing branch is checked out only when it points
	// at HEAD's commit; anything else is refused, so Commit never rewrites
	// files in the worktree.
	Branch string
	// Author signs the commit (as author and committer). Nil means
	// user.name and user.email from git config (repository, then global,
	// then system), else DefaultSignature.
	Author *Signature
	// When is the commit time; zero means now.
	When time.Time
	// Own, when set with Branch, makes Branch octosync's own branch (see
	// CheckOwnBranch): the trailer line is added to the message, and an
	// existing branch holding only such commits beyond HEAD is moved to HEAD
	// first instead of being refused.
	Own string
	// Return, with Branch, puts the checkout back where it was once the
	// commit is made: HEAD on its branch again and the committed paths
	// back to their content there, so the worktree reads as before.
	Return bool
}

// Commit stages opts.Paths and records a commit, returning its sha.
// ErrNothingToCommit when the tree would not change.
func (r *Repo) Commit(opts CommitOptions) (hash string, err error) {
	if strings.TrimSpace(opts.Message) == "" {
		return "", fmt.Errorf("%s: empty commit message: give one", r.root)
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("%s: %w", r.root, err)
	}
	for _, p := range opts.Paths {
		if _, err := rel(p); err != nil {
			return "", err
		}
	}
	var orig *plumbing.Reference
	committed := false // past this, a failure must not undo the branch
	if opts.Branch != "" {
		if orig, err = r.repo.Storer.Reference(plumbing.HEAD); err != nil {
			return "", fmt.Errorf("%s: HEAD: %w", r.root, err)
		}
		if opts.Own != "" {
			var unmove func()
			if unmove, err = r.moveOwnBranch(opts.Branch, opts.Own); err != nil {
				return "", err
			}
			defer func() {
				if err != nil && !committed {
					unmove()
				}
			}()
			if !hasTrailer(opts.Message, opts.Own) {
				opts.Message = strings.TrimRight(opts.Message, "\n") + "\n\n" + opts.Own + "\n"
			}
		}
		var undo func()
		if undo, err = r.switchBranch(opts.Branch); err != nil {
			return "", err
		}
		defer func() {
			if err != nil && !committed { // the named result: any failure below
				undo()
			}
		}()
	}
	for _, p := range opts.Paths {
		if err = r.stage(wt, p); err != nil {
			return "", err
		}
	}
	sig := r.author(opts.Author)
	when := opts.When
	if when.IsZero() {
		when = time.Now()
	}
	osig := &object.Signature{Name: sig.Name, Email: sig.Email, When: when}
	h, err := wt.Commit(opts.Message, &git.CommitOptions{Author: osig, Committer: osig})
	if errors.Is(err, git.ErrEmptyCommit) {
		return "", fmt.Errorf("%s: %w", r.root, ErrNothingToCommit)
	}
	if err != nil {
		return "", fmt.Errorf("%s: commit: %w", r.root, err)
	}
	committed = true
	if opts.Return && orig != nil {
		var full []string
		for _, p := range opts.Paths {
			f, _ := r.full(p) // validated above
			full = append(full, f)
		}
		if err := r.returnCheckout(orig, full); err != nil {
			return h.String(), err
		}
	}
	return h.String(), nil
}

// stage adds p to the index, or removes it when the file is gone.
func (r *Repo) stage(wt *git.Worktree, p string) error {
	full, err := r.full(p)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(r.root, filepath.FromSlash(full))); errors.Is(err, os.ErrNotExist) {
		idx, err := r.repo.Storer.Index()
		if err != nil {
			return fmt.Errorf("%s: read index: %w", r.root, err)
		}
		if _, err := idx.Remove(full); err != nil {
			if errors.Is(err, index.ErrEntryNotFound) {
				return nil // never tracked: nothing to remove
			}
			return fmt.Errorf("%s: unstage: %w", p, err)
		}
		if err := r.repo.Storer.SetIndex(idx); err != nil {
			return fmt.Errorf("%s: write index: %w", r.root, err)
		}
		return nil
	}
	if err := wt.AddWithOptions(&git.AddOptions{Path: full, SkipStatus: true}); err != nil {
		return fmt.Errorf("%s: stage: %w", p, err)
	}
	return nil
}

// switchBranch makes HEAD point at branch without touching the worktree:
// the branch is created at HEAD when missing, and must already be at HEAD's
// commit otherwise. undo puts HEAD back and removes a branch it created, for
// when the commit that follows fails.
func (r *Repo) switchBranch(branch string) (undo func(), err error) {
	if err := ValidBranchName(branch); err != nil {
		return nil, err
	}
	name := plumbing.NewBranchReferenceName(branch)
	head, err := r.repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return nil, fmt.Errorf("%s: HEAD: %w", r.root, err)
	}
	if head.Type() == plumbing.SymbolicReference && head.Target() == name {
		return func() {}, nil
	}
	at, err := r.head()
	if err != nil {
		return nil, fmt.Errorf("branch %q: %w", branch, err)
	}
	created := false
	ref, err := r.repo.Storer.Reference(name)
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		if err := r.repo.Storer.SetReference(plumbing.NewHashReference(name, at)); err != nil {
			return nil, fmt.Errorf("branch %q: create: %w", branch, err)
		}
		created = true
	case err != nil:
		return nil, fmt.Errorf("branch %q: %w", branch, err)
	case ref.Hash() != at:
		return nil, fmt.Errorf("branch %q already exists at %s, not at HEAD %s: delete it or choose another branch name",
			branch, ShortHash(ref.Hash().String()), ShortHash(at.String()))
	}
	undo = func() {
		_ = r.repo.Storer.SetReference(head)
		if created {
			_ = r.repo.Storer.RemoveReference(name)
		}
	}
	if err := r.repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, name)); err != nil {
		undo()
		return nil, fmt.Errorf("branch %q: check out: %w", branch, err)
	}
	return undo, nil
}

// author resolves the commit author: explicit, then git config, then
// DefaultSignature, field by field.
func (r *Repo) author(explicit *Signature) Signature {
	if explicit != nil {
		return *explicit
	}
	sig := Signature{}
	if cfg, err := r.repo.ConfigScoped(config.SystemScope); err == nil {
		sig.Name, sig.Email = cfg.User.Name, cfg.User.Email
		if sig.Name == "" {
			sig.Name = cfg.Author.Name
		}
		if sig.Email == "" {
			sig.Email = cfg.Author.Email
		}
	}
	if sig.Name == "" {
		sig.Name = DefaultSignature.Name
	}
	if sig.Email == "" {
		sig.Email = DefaultSignature.Email
	}
	return sig
}

// CheckBranch reports, without changing anything, whether Commit could
// commit on branch: it must not exist yet, or point at HEAD's commit.
// Callers check before writing files, so a refusal leaves nothing behind.
func (r *Repo) CheckBranch(branch string) error {
	if branch == "" {
		return nil
	}
	if err := ValidBranchName(branch); err != nil {
		return err
	}
	at, err := r.head()
	if err != nil {
		return fmt.Errorf("branch %q: %w", branch, err)
	}
	ref, err := r.repo.Storer.Reference(plumbing.NewBranchReferenceName(branch))
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("branch %q: %w", branch, err)
	case ref.Hash() != at:
		return fmt.Errorf("branch %q already exists at %s, not at HEAD %s: delete it or choose another branch name",
			branch, ShortHash(ref.Hash().String()), ShortHash(at.String()))
	}
	return nil
}
