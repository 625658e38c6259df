package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Dir is one version of one folder of the history: the files directly
// inside it (subfolders are Dirs of their own) as a commit held them.
type Dir struct {
	// Path is the folder, relative to the octosync directory.
	Path string
	// Commit is the first commit, in parents-before-children order, whose
	// tree held this folder with exactly this content.
	Commit Commit
	// Files are the regular and executable files directly in the folder, in
	// tree order (byte order of names). Symlinks and submodules are left out.
	Files []File

	repo *Repo
	tree *object.Tree // the commit's root tree, for Lookup
}

// File is one file of a Dir: its name within the folder and its blob sha.
type File struct {
	Name string
	Hash string
}

// Lookup returns the blob sha of the file at p (relative to the octosync
// directory) in the Dir's commit: a file beside this one or anywhere else in
// the same snapshot. ErrFileNotFound when there is no such file (symbolic
// links and submodules are no files).
func (d Dir) Lookup(p string) (string, error) {
	q, err := rel(p)
	if err != nil {
		return "", err
	}
	if dir, name := path.Split(q); strings.TrimSuffix(dir, "/") == d.Path {
		// A file beside the others: no tree to decode.
		i, ok := slices.BinarySearchFunc(d.Files, name, func(f File, name string) int { return strings.Compare(f.Name, name) })
		if ok {
			return d.Files[i].Hash, nil
		}
		return "", fmt.Errorf("%s at %s: %w", q, d.Commit.Short(), ErrFileNotFound)
	}
	return Snapshot{Commit: d.Commit, repo: d.repo, tree: d.tree}.Lookup(p)
}

// Snapshot is the whole tree of one commit of a walk, for looking up files
// outside the folder at hand (see DirsEpoch).
type Snapshot struct {
	Commit Commit

	repo *Repo
	tree *object.Tree // the commit's root tree
}

// Lookup returns the blob sha of the file at p (relative to the octosync
// directory) in the snapshot's commit; ErrFileNotFound when there is no
// such file (symbolic links and submodules are no files).
func (s Snapshot) Lookup(p string) (string, error) {
	full, err := s.repo.full(p)
	if err != nil {
		return "", err
	}
	p, _ = rel(p)
	e, err := s.tree.FindEntry(full)
	if err != nil || !e.Mode.IsFile() || e.Mode == filemode.Symlink {
		return "", fmt.Errorf("%s at %s: %w", p, s.Commit.Short(), ErrFileNotFound)
	}
	return e.Hash.String(), nil
}

// Dirs walks the history reachable from HEAD and calls fn once for every
// distinct version of every folder under the octosync subfolder under ("" is
// the octosync directory itself) and under itself, a folder before its
// subfolders. A Dir stays usable (Lookup) while the Repo is open.
//
// Commits are visited oldest first (a depth-first post-order from HEAD: every
// commit after all its parents). A folder whose tree sha was already seen at
// the same path is skipped with everything below it, so the work is
// proportional to what changed, not to commits × files; a folder moved to a
// new path is walked again because its files have new paths.
//
// A shallow clone is walked as far as its history goes. ErrNoCommits when
// HEAD is unborn. fn's error stops the walk and is returned as is.
func (r *Repo) Dirs(ctx context.Context, under string, fn func(Dir) error) error {
	return r.DirsEpoch(ctx, under, nil, fn)
}

// DirsEpoch is Dirs for a caller whose reading of a folder depends on
// something outside it, such as a setting in another file of the commit.
// epoch is called once per commit, before the commit's folders, and names
// that dependency's value (say, the setting itself); a folder is skipped
// only when it was visited at the same path with the same tree sha under the
// same epoch, so every folder is visited again in the first commit of an
// epoch that has not seen it. Epochs change rarely, so the walk stays
// proportional to what changed. A nil epoch is Dirs; epoch's error stops the
// walk and is returned as is.
func (r *Repo) DirsEpoch(ctx context.Context, under string, epoch func(Snapshot) (string, error), fn func(Dir) error) error {
	commits, err := r.commitsOldestFirst(ctx)
	if err != nil {
		return err
	}
	base, err := r.full(under)
	if err != nil {
		return err
	}
	under, _ = rel(under)
	w := dirWalker{repo: r, fn: fn, visited: map[visitKey]bool{}}
	for _, c := range commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		root, err := c.Tree()
		if err != nil {
			return fmt.Errorf("commit %s: %w", c.Hash, err)
		}
		start := root.Hash
		if base != "" {
			e, err := root.FindEntry(base)
			if err != nil || e.Mode != filemode.Dir {
				continue // the folder does not exist in this commit
			}
			start = e.Hash
		}
		w.commit = commitOf(c)
		w.root = root
		if epoch != nil {
			if w.epoch, err = epoch(Snapshot{Commit: w.commit, repo: r, tree: root}); err != nil {
				return err
			}
		}
		if err := w.walk(under, start); err != nil {
			return err
		}
	}
	return nil
}

type visitKey struct {
	path  string
	hash  plumbing.Hash
	epoch string
}

type dirWalker struct {
	repo    *Repo
	fn      func(Dir) error
	visited map[visitKey]bool
	commit  Commit
	root    *object.Tree
	epoch   string
}

func (w *dirWalker) walk(p string, h plumbing.Hash) error {
	k := visitKey{p, h, w.epoch}
	if w.visited[k] {
		return nil
	}
	w.visited[k] = true
	t, err := w.repo.repo.TreeObject(h)
	if err != nil {
		return fmt.Errorf("%s at %s: %w", p, w.commit.Short(), err)
	}
	d := Dir{Path: p, Commit: w.commit, repo: w.repo, tree: w.root}
	var subs []object.TreeEntry
	for _, e := range t.Entries {
		switch {
		case e.Mode == filemode.Dir:
			subs = append(subs, e)
		case e.Mode.IsFile() && e.Mode != filemode.Symlink:
			d.Files = append(d.Files, File{Name: e.Name, Hash: e.Hash.String()})
		}
	}
	if err := w.fn(d); err != nil {
		return err
	}
	for _, e := range subs {
		if err := w.walk(path.Join(p, e.Name), e.Hash); err != nil {
			return err
		}
	}
	return nil
}

// commitsOldestFirst lists every commit reachable from HEAD, each after all
// of its parents. Parents missing from the object store (the boundary of a
// shallow clone) are left out.
func (r *Repo) commitsOldestFirst(ctx context.Context) ([]*object.Commit, error) {
	head, err := r.head()
	if err != nil {
		return nil, err
	}
	hc, err := r.repo.CommitObject(head)
	if err != nil {
		return nil, fmt.Errorf("HEAD %s: %w", head, err)
	}
	type frame struct {
		c    *object.Commit
		next int // index of the next parent to visit
	}
	seen := map[plumbing.Hash]bool{head: true}
	stack := []frame{{c: hc}}
	var order []*object.Commit
	for len(stack) > 0 {
		top := len(stack) - 1
		f := stack[top]
		if f.next == len(f.c.ParentHashes) {
			order = append(order, f.c)
			stack = stack[:top]
			continue
		}
		p := f.c.ParentHashes[f.next]
		stack[top].next++
		if seen[p] {
			continue
		}
		seen[p] = true
		if len(seen)%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		pc, err := r.repo.CommitObject(p)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("commit %s: %w", p, err)
		}
		stack = append(stack, frame{c: pc})
	}
	return order, nil
}
