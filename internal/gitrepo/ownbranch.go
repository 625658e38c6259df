package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// An own branch is one octosync rewrites on every run (the nightly drift
// branch): every commit it makes there carries a trailer line, and an
// existing branch is moved back to HEAD before the next commit only when
// each of its commits that HEAD lacks carries that trailer. A commit
// someone else added is never thrown away: the branch is refused instead.

// ownWalkMax bounds the commits inspected on a branch beyond HEAD.
const ownWalkMax = 1000

// ForeignCommitError is an own branch holding a commit without the
// trailer: octosync will not move or overwrite it.
type ForeignCommitError struct {
	Branch string
	Commit Commit
}

func (e *ForeignCommitError) Error() string {
	return fmt.Sprintf("branch %q has commit %s (%q by %s) that octosync did not make: merge or close its pull request, or delete the branch, and run again",
		e.Branch, e.Commit.Short(), e.Commit.Subject(), e.Commit.Author.Name)
}

// CheckOwnBranch reports, without changing anything, whether Commit with
// Own set to trailer could commit on branch: it must not exist, point at
// HEAD, or hold beyond HEAD only commits carrying trailer. remoteRef, when
// not empty (refs/remotes/origin/<branch>), is checked the same way, since
// the push that follows replaces it.
func (r *Repo) CheckOwnBranch(branch, trailer, remoteRef string) error {
	at, err := r.head()
	if err != nil {
		return fmt.Errorf("branch %q: %w", branch, err)
	}
	refs := []plumbing.ReferenceName{plumbing.NewBranchReferenceName(branch)}
	if remoteRef != "" {
		refs = append(refs, plumbing.ReferenceName(remoteRef))
	}
	for _, name := range refs {
		ref, err := r.repo.Storer.Reference(name)
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("branch %q: %w", branch, err)
		}
		if err := r.ownedBeyond(branch, ref.Hash(), at, trailer); err != nil {
			return err
		}
	}
	return nil
}

// ownedBeyond checks that every commit reachable from tip but not from
// head carries trailer.
func (r *Repo) ownedBeyond(branch string, tip, head plumbing.Hash, trailer string) error {
	if tip == head {
		return nil
	}
	headCommit, err := r.repo.CommitObject(head)
	if err != nil {
		return fmt.Errorf("%s: HEAD: %w", r.root, err)
	}
	tipCommit, err := r.repo.CommitObject(tip)
	if err != nil {
		return fmt.Errorf("branch %q: %w", branch, err)
	}
	bases, err := tipCommit.MergeBase(headCommit)
	if err != nil {
		return fmt.Errorf("branch %q: merge base: %w", branch, err)
	}
	stop := map[plumbing.Hash]bool{}
	for _, b := range bases {
		stop[b.Hash] = true
	}
	queue, seen := []*object.Commit{tipCommit}, map[plumbing.Hash]bool{tip: true}
	for n := 0; len(queue) > 0; n++ {
		if n >= ownWalkMax {
			return fmt.Errorf("branch %q is more than %d commits ahead of HEAD: delete it and run again", branch, ownWalkMax)
		}
		c := queue[0]
		queue = queue[1:]
		if stop[c.Hash] {
			continue
		}
		if !hasTrailer(c.Message, trailer) {
			return &ForeignCommitError{Branch: branch, Commit: commitOf(c)}
		}
		err := c.Parents().ForEach(func(p *object.Commit) error {
			if !seen[p.Hash] {
				seen[p.Hash] = true
				queue = append(queue, p)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("branch %q: %w", branch, err)
		}
	}
	return nil
}

// hasTrailer reports whether msg has trailer as a line of its own.
func hasTrailer(msg, trailer string) bool {
	for _, l := range strings.Split(msg, "\n") {
		if strings.TrimSpace(l) == trailer {
			return true
		}
	}
	return false
}

// moveOwnBranch points an own branch at HEAD's commit (after
// CheckOwnBranch said it may), returning how to undo it.
func (r *Repo) moveOwnBranch(branch, trailer string) (undo func(), err error) {
	name := plumbing.NewBranchReferenceName(branch)
	ref, err := r.repo.Storer.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("branch %q: %w", branch, err)
	}
	at, err := r.head()
	if err != nil {
		return nil, err
	}
	if ref.Hash() == at {
		return func() {}, nil
	}
	if err := r.ownedBeyond(branch, ref.Hash(), at, trailer); err != nil {
		return nil, err
	}
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference(name, at)); err != nil {
		return nil, fmt.Errorf("branch %q: reset: %w", branch, err)
	}
	return func() { _ = r.repo.Storer.SetReference(ref) }, nil
}

// returnCheckout puts HEAD back on orig (the reference HEAD was before
// Commit switched branches) and the files at paths (worktree-relative) back
// to their content in orig's commit, in the index and on disk, leaving
// every other file alone.
func (r *Repo) returnCheckout(orig *plumbing.Reference, paths []string) error {
	if err := r.repo.Storer.SetReference(orig); err != nil {
		return fmt.Errorf("%s: return to the original checkout: %w", r.root, err)
	}
	at, err := r.head()
	if err != nil {
		return err
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return fmt.Errorf("%s: %w", r.root, err)
	}
	// The index first (only these paths), then the files by hand: go-git's
	// hard reset walks the whole worktree.
	if err := wt.Reset(&git.ResetOptions{Commit: at, Mode: git.MixedReset, Files: paths}); err != nil {
		return fmt.Errorf("%s: restore the index of the original checkout: %w", r.root, err)
	}
	c, err := r.repo.CommitObject(at)
	if err != nil {
		return fmt.Errorf("%s: %w", r.root, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return fmt.Errorf("%s: %w", r.root, err)
	}
	for _, p := range paths {
		if err := r.restoreFile(tree, p); err != nil {
			return err
		}
	}
	return nil
}

// restoreFile makes the worktree file at p (worktree-relative) hold its
// content in tree, or removes it when tree has none. It never writes
// through a symbolic link.
func (r *Repo) restoreFile(tree *object.Tree, p string) error {
	abs := filepath.Join(r.root, filepath.FromSlash(p))
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("%s: a symbolic link; refusing to restore through it", p)
	}
	// FindEntry, not File: File reads the blob before its size is known.
	e, err := tree.FindEntry(p)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: %w", p, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	content, err := r.ReadBlob(e.Hash.String())
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return err
	}
	return os.WriteFile(abs, content, 0o644)
}
