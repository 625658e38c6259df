package gitrepotest

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Commit is one commit to build: the files it changes on top of the previous
// commit. A nil value deletes the file (and folders left empty vanish).
type Commit struct {
	Files   map[string][]byte
	Message string
	When    time.Time
}

// Author signs every built commit.
var Author = object.Signature{Name: "Test Author", Email: "test@example.com"}

// Options modify Build.
type Options struct {
	// Pack gathers the objects into one packfile with deltas, as `git gc`
	// would, instead of leaving one loose file per object: the layout of a
	// real clone.
	Pack bool
}

// Build initialises a repository in dir (branch main, nothing checked out:
// the worktree and index stay empty) and writes commits as a linear history,
// each on top of the previous one. It returns the commit shas in order.
func Build(dir string, commits []Commit, opts Options) ([]string, error) {
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		return nil, fmt.Errorf("%s: git init: %w", dir, err)
	}
	b := &builder{st: repo.Storer, root: newTree()}
	var parent plumbing.Hash
	shas := make([]string, 0, len(commits))
	for i, c := range commits {
		for _, p := range sortedKeys(c.Files) {
			if err := b.set(p, c.Files[p]); err != nil {
				return nil, fmt.Errorf("commit %d: %s: %w", i, p, err)
			}
		}
		th, err := b.write(b.root)
		if err != nil {
			return nil, fmt.Errorf("commit %d: %w", i, err)
		}
		sig := Author
		sig.When = c.When
		co := &object.Commit{Author: sig, Committer: sig, Message: c.Message, TreeHash: th}
		if !parent.IsZero() {
			co.ParentHashes = []plumbing.Hash{parent}
		}
		h, err := b.store(co)
		if err != nil {
			return nil, fmt.Errorf("commit %d: %w", i, err)
		}
		parent = h
		shas = append(shas, h.String())
	}
	if !parent.IsZero() {
		ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName("main"), parent)
		if err := repo.Storer.SetReference(ref); err != nil {
			return nil, fmt.Errorf("%s: set main: %w", dir, err)
		}
	}
	if opts.Pack {
		if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
			return nil, fmt.Errorf("%s: pack objects: %w", dir, err)
		}
	}
	return shas, nil
}

type tree struct {
	files map[string]plumbing.Hash
	dirs  map[string]*tree
	hash  plumbing.Hash // zero when changed since last written
}

func newTree() *tree {
	return &tree{files: map[string]plumbing.Hash{}, dirs: map[string]*tree{}}
}

type builder struct {
	st   storer.EncodedObjectStorer
	root *tree
}

type encoder interface {
	Encode(plumbing.EncodedObject) error
}

func (b *builder) store(o encoder) (plumbing.Hash, error) {
	eo := b.st.NewEncodedObject()
	if err := o.Encode(eo); err != nil {
		return plumbing.ZeroHash, err
	}
	return b.st.SetEncodedObject(eo)
}

// set writes (or, with nil data, deletes) the file at p, marking every
// folder on the way as changed.
func (b *builder) set(p string, data []byte) error {
	parts := strings.Split(path.Clean(p), "/")
	t := b.root
	trail := []*tree{t}
	for _, d := range parts[:len(parts)-1] {
		sub, ok := t.dirs[d]
		if !ok {
			if data == nil {
				return nil
			}
			sub = newTree()
			t.dirs[d] = sub
		}
		t = sub
		trail = append(trail, t)
	}
	name := parts[len(parts)-1]
	if data == nil {
		delete(t.files, name)
	} else {
		eo := b.st.NewEncodedObject()
		eo.SetType(plumbing.BlobObject)
		w, err := eo.Writer()
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		h, err := b.st.SetEncodedObject(eo)
		if err != nil {
			return err
		}
		t.files[name] = h
	}
	for _, t := range trail {
		t.hash = plumbing.ZeroHash
	}
	return nil
}

// write encodes the changed folders of t bottom-up and returns t's sha;
// folders left empty are dropped, as git has no empty trees.
func (b *builder) write(t *tree) (plumbing.Hash, error) {
	if !t.hash.IsZero() {
		return t.hash, nil
	}
	var entries []object.TreeEntry
	for name, sub := range t.dirs {
		if sub.empty() {
			delete(t.dirs, name)
			continue
		}
		h, err := b.write(sub)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	for name, h := range t.files {
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	slices.SortFunc(entries, func(a, b object.TreeEntry) int {
		return strings.Compare(sortName(a), sortName(b))
	})
	h, err := b.store(&object.Tree{Entries: entries})
	if err != nil {
		return plumbing.ZeroHash, err
	}
	t.hash = h
	return h, nil
}

func (t *tree) empty() bool {
	if len(t.files) > 0 {
		return false
	}
	for _, sub := range t.dirs {
		if !sub.empty() {
			return false
		}
	}
	return true
}

// sortName is the key git sorts tree entries by: folders as if their name
// ended in a slash.
func sortName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
