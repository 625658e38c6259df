package pull

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/source"
)

// Apply carries out ops under root: all writes as one safewrite batch
// (every file written and flushed before any replaces its target), each
// removal after all writes. It refuses any path that would leave root, by
// ".." or through a symbolic link: a repository whose businesses/ (or any
// folder or file on the way) is a link is never written through.
func Apply(root string, ops []Op) error { return applyStaged(root, ops, nil) }

// applyStaged is Apply, with the businesses a bulk export staged (st, nil
// for none) moved into place in the same batch as the other writes.
func applyStaged(root string, ops []Op, st *Staging) error {
	for _, o := range ops {
		if o.Kind == Skip {
			continue
		}
		if err := checkPath(o.Path); err != nil {
			return err
		}
	}
	d, err := safewrite.Open(root)
	if err != nil {
		return err
	}
	defer d.Close()
	// Every path is checked before anything is written, so that a planted
	// link stops the pull whole rather than half-way.
	var paths []string
	for _, o := range ops {
		if o.Kind != Skip {
			paths = append(paths, o.Path)
		}
	}
	if err := d.CheckAll(paths); err != nil {
		return err
	}
	var moves []safewrite.Move
	if st != nil {
		if moves, ops, err = st.finish(ops); err != nil {
			return err
		}
	}
	var files []safewrite.File
	made := map[string]bool{} // folders made: a bulk export writes a thousand files into one
	if len(moves) > 0 {
		if err := d.MkdirAll(source.BusinessesDir); err != nil {
			return err
		}
	}
	for _, o := range ops {
		if o.Kind != Write {
			continue
		}
		if dir := path.Dir(o.Path); !made[dir] {
			if err := d.MkdirAll(dir); err != nil {
				return err
			}
			made[dir] = true
		}
		files = append(files, safewrite.File{Path: o.Path, Data: o.Data, Perm: 0o644})
	}
	// One batch: every file is written and flushed before any replaces
	// its target, and each folder is flushed once.
	if err := d.MoveAndWriteFiles(moves, files); err != nil {
		return err
	}
	st.committed()
	for _, o := range ops {
		if o.Kind != Remove {
			continue
		}
		if err := d.Remove(o.Path); err != nil {
			return err
		}
	}
	return nil
}

// checkPath accepts only relative slash paths under businesses/ (or the
// top-level octosync.yaml, or a bulk export's tooling files) without "..".
func checkPath(p string) error {
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
	if p == "" || filepath.IsAbs(p) || strings.HasPrefix(p, "/") || clean != p ||
		clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsRune(p, 0) {
		return fmt.Errorf("%q: refusing to write outside the repository", p)
	}
	if p != "octosync.yaml" && !strings.HasPrefix(p, "businesses/") && !isTooling(p) {
		return fmt.Errorf("%q: refusing to write outside businesses/", p)
	}
	return nil
}
