package gitrepo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
	fsnoder "github.com/go-git/go-git/v5/utils/merkletrie/filesystem"
	idxnoder "github.com/go-git/go-git/v5/utils/merkletrie/index"
	"github.com/go-git/go-git/v5/utils/merkletrie/noder"
)

// StatusCode is one side of a file's status, with git's porcelain letters.
type StatusCode byte

const (
	Unmodified StatusCode = ' '
	Modified   StatusCode = 'M'
	Added      StatusCode = 'A'
	Deleted    StatusCode = 'D'
	Untracked  StatusCode = '?'
)

// FileStatus is a file's uncommitted change: Staging compares the index
// with HEAD, Worktree the file on disk with the index.
type FileStatus struct {
	Staging  StatusCode
	Worktree StatusCode
}

// String is the two-letter code of `git status --porcelain` ("M ", " M", "??").
func (s FileStatus) String() string { return string([]byte{byte(s.Staging), byte(s.Worktree)}) }

// Status lists the files with uncommitted changes (staged or not, including
// untracked files that no .gitignore excludes) under the octosync
// directory, keyed by path relative to it. With paths (files or folders
// relative to the octosync directory) only changes at or under one of them
// are listed. Files without changes are absent from the map.
//
// Only the octosync directory is compared, not the whole worktree: an
// octosync folder inside a big monorepo costs what the folder costs.
func (r *Repo) Status(paths ...string) (map[string]FileStatus, error) {
	roots := make([]string, len(paths))
	for i, p := range paths {
		var err error
		if roots[i], err = rel(p); err != nil {
			return nil, err
		}
	}
	idx, err := r.repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("%s: read index: %w", r.root, err)
	}
	base := r.prefix
	sub := subIndex(idx, base)

	headTree, err := r.headSubtree(base)
	if err != nil {
		return nil, err
	}
	out := map[string]FileStatus{}
	get := func(p string) FileStatus {
		s, ok := out[p]
		if !ok {
			s = FileStatus{Staging: Unmodified, Worktree: Unmodified}
		}
		return s
	}

	staged, err := merkletrie.DiffTree(object.NewTreeRootNode(headTree), idxnoder.NewRootNode(sub), hashEqual)
	if err != nil {
		return nil, fmt.Errorf("%s: compare HEAD with the index: %w", r.root, err)
	}
	for _, ch := range staged {
		a, err := ch.Action()
		if err != nil {
			return nil, err
		}
		p := changePath(ch)
		s := get(p)
		switch a {
		case merkletrie.Insert:
			s.Staging = Added
		case merkletrie.Delete:
			s.Staging = Deleted
		case merkletrie.Modify:
			s.Staging = Modified
		}
		out[p] = s
	}

	dir := filepath.Join(r.root, filepath.FromSlash(base))
	var disk noder.Noder
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		disk = fsnoder.NewRootNodeWithOptions(osfs.New(dir), nil, fsnoder.Options{Index: sub})
	} else {
		disk = idxnoder.NewRootNode(&index.Index{})
	}
	unstaged, err := merkletrie.DiffTree(idxnoder.NewRootNode(sub), disk, hashEqual)
	if err != nil {
		return nil, fmt.Errorf("%s: compare the index with the worktree: %w", dir, err)
	}
	var ignore gitignore.Matcher
	for _, ch := range unstaged {
		a, err := ch.Action()
		if err != nil {
			return nil, err
		}
		p := changePath(ch)
		s := get(p)
		switch a {
		case merkletrie.Insert:
			if ignore == nil {
				ignore = gitignore.NewMatcher(r.ignorePatterns())
			}
			if ignore.Match(splitPath(path.Join(r.prefix, p)), false) {
				continue
			}
			s = FileStatus{Staging: Untracked, Worktree: Untracked}
		case merkletrie.Delete:
			s.Worktree = Deleted
		case merkletrie.Modify:
			s.Worktree = Modified
		}
		out[p] = s
	}

	if len(roots) > 0 {
		for p := range out {
			if !underAny(p, roots) {
				delete(out, p)
			}
		}
	}
	return out, nil
}

// subIndex is the part of idx under base with names made relative to it,
// sharing the modification time so the racy-git check stays correct.
func subIndex(idx *index.Index, base string) *index.Index {
	if base == "" {
		return idx
	}
	sub := &index.Index{Version: idx.Version, ModTime: idx.ModTime}
	for _, e := range idx.Entries {
		if rest, ok := strings.CutPrefix(e.Name, base+"/"); ok {
			c := *e
			c.Name = rest
			sub.Entries = append(sub.Entries, &c)
		}
	}
	return sub
}

// headSubtree is HEAD's tree at base; nil (an empty tree) when HEAD is
// unborn or has no such folder.
func (r *Repo) headSubtree(base string) (*object.Tree, error) {
	h, err := r.head()
	if errors.Is(err, ErrNoCommits) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("HEAD %s: %w", h, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("HEAD %s: %w", h, err)
	}
	if base == "" {
		return t, nil
	}
	sub, err := t.Tree(base)
	if err != nil {
		return nil, nil
	}
	return sub, nil
}

// ignorePatterns gathers the exclusion rules that apply under the octosync
// directory: the global and system excludes files, .git/info/exclude, the
// .gitignore of every folder from the root down to the octosync directory,
// and every .gitignore inside it. Unreadable files are skipped, as git does.
func (r *Repo) ignorePatterns() []gitignore.Pattern {
	rootFS := osfs.New("/")
	var ps []gitignore.Pattern
	sys, _ := gitignore.LoadSystemPatterns(rootFS)
	ps = append(ps, sys...)
	global, _ := gitignore.LoadGlobalPatterns(rootFS)
	ps = append(ps, global...)
	ps = append(ps, readIgnoreFile(filepath.Join(r.root, ".git", "info", "exclude"), nil)...)
	dirs := splitPath(r.prefix)
	for i := range dirs {
		domain := dirs[:i]
		ps = append(ps, readIgnoreFile(filepath.Join(r.root, filepath.Join(domain...), ".gitignore"), domain)...)
	}
	inner, _ := gitignore.ReadPatterns(osfs.New(r.root), dirs)
	return append(ps, inner...)
}

func readIgnoreFile(name string, domain []string) []gitignore.Pattern {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, slices.Clone(domain)))
	}
	return ps
}

var emptyNoderHash = make([]byte, 24)

// hashEqual is how go-git's own status compares nodes: an unknown (zero)
// hash never equals anything, so such files are compared by content.
func hashEqual(a, b noder.Hasher) bool {
	ha, hb := a.Hash(), b.Hash()
	if bytes.Equal(ha, emptyNoderHash) || bytes.Equal(hb, emptyNoderHash) {
		return false
	}
	return bytes.Equal(ha, hb)
}

func changePath(ch merkletrie.Change) string {
	if len(ch.To) > 0 {
		return ch.To.String()
	}
	return ch.From.String()
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// underAny reports whether p is one of roots (clean, relative) or inside
// one of them.
func underAny(p string, roots []string) bool {
	for _, root := range roots {
		if root == "" || p == root || strings.HasPrefix(p, root+"/") {
			return true
		}
	}
	return false
}
