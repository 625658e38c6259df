package rollback

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/source"
)

// changedOnly drops the writes whose file already holds exactly the bytes
// and the removals of files that do not exist.
func changedOnly(root string, ops []pull.Op) ([]pull.Op, error) {
	var out []pull.Op
	for _, o := range ops {
		cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(o.Path)))
		switch {
		case errors.Is(err, os.ErrNotExist):
			if o.Kind == pull.Write {
				o.New = true
				out = append(out, o)
			}
		case err != nil:
			return nil, fmt.Errorf("%s: %w", o.Path, err)
		case o.Kind == pull.Remove || !bytes.Equal(cur, o.Data):
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b pull.Op) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// DirtyError lists files a rollback would rewrite or remove that have
// uncommitted changes.
type DirtyError struct{ Paths []string }

func (e *DirtyError) Error() string {
	return fmt.Sprintf("%s: uncommitted changes that the rollback would overwrite: commit or stash them first (nothing was changed)", strings.Join(e.Paths, ", "))
}

// refuseDirty fails with a DirtyError when a file of ops has uncommitted
// changes. Outside git there is nothing to compare with, and the user asked
// for these files to be rewritten.
func refuseDirty(root string, ops []pull.Op) error {
	if len(ops) == 0 {
		return nil
	}
	uncommitted, err := source.Uncommitted(root)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		return nil
	}
	if err != nil {
		return err
	}
	var dirty []string
	for _, o := range ops {
		if uncommitted[o.Path] {
			dirty = append(dirty, o.Path)
		}
	}
	if len(dirty) > 0 {
		return &DirtyError{Paths: slices.Compact(dirty)}
	}
	return nil
}
