package gitrepo

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is a git repository opened on the octosync directory. Its methods are
// not safe for concurrent use. Close it when done: it keeps the repository's
// packfiles open between reads.
type Repo struct {
	repo   *git.Repository
	root   string // absolute worktree root, symlinks resolved
	prefix string // octosync directory relative to root, slash-separated, "" at the root
}

// Open finds the repository enclosing dir (dir itself or any parent, as git
// does) and opens it. dir is the octosync directory; it need not be the
// worktree root. ErrNotRepository when there is none or it has no worktree.
func Open(dir string) (*Repo, error) {
	abs, err := canonical(dir)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w (run `git init` there or pass --dir inside a clone)", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: open git repository: %w", dir, err)
	}
	return newRepo(repo, dir, abs)
}

// Init creates an empty repository in dir whose first branch is "main", and
// opens it. It fails when dir is already a repository.
func Init(dir string) (*Repo, error) {
	abs, err := canonical(dir)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainInitWithOptions(abs, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		return nil, fmt.Errorf("%s: git init: %w", dir, err)
	}
	return newRepo(repo, dir, abs)
}

func newRepo(repo *git.Repository, dir, abs string) (*Repo, error) {
	wt, err := repo.Worktree()
	if errors.Is(err, git.ErrIsBareRepository) {
		return nil, fmt.Errorf("%s: bare repository without a worktree: %w (clone it first)", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	root, err := canonical(wt.Filesystem.Root())
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s: outside the worktree %s", dir, root)
	}
	prefix := filepath.ToSlash(rel)
	if prefix == "." {
		prefix = ""
	}
	// Reopen the object store keeping packfiles open: go-git otherwise
	// reopens the packfile for every object read, a quarter of a history
	// walk's time.
	if st, ok := repo.Storer.(*filesystem.Storage); ok {
		fast := filesystem.NewStorageWithOptions(st.Filesystem(), cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true})
		reopened, err := git.Open(fast, wt.Filesystem)
		if err != nil {
			return nil, fmt.Errorf("%s: open git repository: %w", dir, err)
		}
		repo = reopened
	}
	return &Repo{repo: repo, root: root, prefix: prefix}, nil
}

// Close releases the open packfiles. The Repo must not be used afterwards.
func (r *Repo) Close() error {
	if st, ok := r.repo.Storer.(*filesystem.Storage); ok {
		return st.Close()
	}
	return nil
}

// canonical is dir made absolute with symlinks resolved, so that the worktree
// root and the octosync directory compare equal however they were spelled.
func canonical(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return abs, nil
}

// Root is the absolute path of the worktree root.
func (r *Repo) Root() string { return r.root }

// Prefix is the octosync directory relative to Root, slash-separated: "" when
// it is the root, "example-repo" when it is that subfolder.
func (r *Repo) Prefix() string { return r.prefix }

// rel validates a path relative to the octosync directory and returns it
// clean and slash-separated ("" for the directory itself).
func rel(p string) (string, error) {
	s := filepath.ToSlash(p)
	if path.IsAbs(s) || filepath.IsAbs(p) {
		return "", fmt.Errorf("%s: %w: give it relative to the octosync directory", p, ErrOutside)
	}
	s = path.Clean(s)
	if s == ".." || strings.HasPrefix(s, "../") {
		return "", fmt.Errorf("%s: %w: give it relative to the octosync directory", p, ErrOutside)
	}
	if s == "." {
		s = ""
	}
	return s, nil
}

// full maps a valid path relative to the octosync directory (see rel) to
// one relative to the worktree root, the form go-git wants.
func (r *Repo) full(p string) (string, error) {
	p, err := rel(p)
	if err != nil {
		return "", err
	}
	switch {
	case r.prefix == "":
		return p, nil
	case p == "":
		return r.prefix, nil
	}
	return r.prefix + "/" + p, nil
}

// Head returns the commit HEAD points at, as a 40-digit hex sha;
// ErrNoCommits on a repository without commits.
func (r *Repo) Head() (string, error) {
	h, err := r.head()
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

func (r *Repo) head() (plumbing.Hash, error) {
	ref, err := r.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", r.root, ErrNoCommits)
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: HEAD: %w", r.root, err)
	}
	return ref.Hash(), nil
}

// Branch returns the short name of the current branch ("main"), or "" when
// HEAD is detached.
func (r *Repo) Branch() (string, error) {
	ref, err := r.repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", fmt.Errorf("%s: HEAD: %w", r.root, err)
	}
	if ref.Type() != plumbing.SymbolicReference {
		return "", nil
	}
	return ref.Target().Short(), nil
}

// IsShallow reports whether the repository is a shallow clone, whose history
// stops at a grafted commit (`git clone --depth N`).
func (r *Repo) IsShallow() (bool, error) {
	s, err := r.repo.Storer.Shallow()
	if err != nil {
		return false, fmt.Errorf("%s: read shallow list: %w", r.root, err)
	}
	return len(s) > 0, nil
}

// OpenIfAny is Open for callers that also work outside git: nil and no
// error when dir lies in no git repository, so "is there one?" is answered
// in one place. Any other failure to open is an error.
func OpenIfAny(dir string) (*Repo, error) {
	g, err := Open(dir)
	if errors.Is(err, ErrNotRepository) {
		return nil, nil
	}
	return g, err
}
