package pull

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/source"
)

// Destination is where a pull writes: an existing repository, or a new one
// that a bulk export creates.
type Destination struct {
	// Root is the repository root, absolute.
	Root string
	// Export is set when Root holds no repository yet: the pull is a bulk
	// export of the organization.
	Export bool
}

// ExportInsideError refuses a bulk export into a folder inside an existing
// configuration repository, which would nest a second repository in it.
type ExportInsideError struct {
	Dir, Enclosing string
}

func (e *ExportInsideError) Error() string {
	return fmt.Sprintf("%s is inside the octosync repository %s: a bulk export there would nest a second repository in it; run `octosync pull` from %s (or anywhere inside it) to update that repository, or export into a folder outside it", e.Dir, e.Enclosing, e.Enclosing)
}

// Locate decides where a pull writes. Without an explicit --dir (dir ""),
// the repository enclosing the working directory, found as git finds .git;
// when there is none, the working directory becomes a new repository by
// bulk export. With --dir, that folder: a repository when it holds
// octosync.yaml or businesses/, else a bulk export, refused when the
// folder lies inside another repository.
func Locate(dir string) (Destination, error) {
	if dir == "" {
		root, err := source.Find(".")
		if err == nil {
			return Destination{Root: root}, nil
		}
		if !errors.Is(err, source.ErrNoRepository) {
			return Destination{}, err
		}
		wd, err := filepath.Abs(".")
		return Destination{Root: wd, Export: true}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Destination{}, err
	}
	for _, marker := range []string{source.ConfigFile, source.BusinessesDir} {
		if _, err := os.Stat(filepath.Join(abs, marker)); err == nil {
			return Destination{Root: abs}, nil
		}
	}
	if enclosing, err := source.Find(filepath.Dir(abs)); err == nil {
		return Destination{}, &ExportInsideError{Dir: dir, Enclosing: enclosing}
	}
	return Destination{Root: abs, Export: true}, nil
}

// exportOps are the extra files of a bulk export: a default octosync.yaml,
// a .gitkeep in each business ops leave empty, so the repository manages it
// from now on, and the tooling files (source.Tooling: .gitignore, editor
// schemas and settings) that root does not hold yet.
func exportOps(root string, ops []Op, businesses []string) ([]Op, error) {
	out := []Op{{Kind: Write, Path: source.ConfigFile, Data: config.Default().Render(), New: true, Reason: "bulk export"}}
	for _, b := range businesses {
		prefix := source.BusinessesDir + "/" + b + "/"
		if !slices.ContainsFunc(ops, func(o Op) bool { return strings.HasPrefix(o.Path, prefix) }) {
			out = append(out, Op{Kind: Write, Path: prefix + ".gitkeep", New: true, Reason: "empty business"})
		}
	}
	tooling, err := source.Tooling()
	if err != nil {
		return nil, err
	}
	for _, f := range tooling {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(f.Path))); err == nil {
			continue // the user's own file is kept
		}
		out = append(out, Op{Kind: Write, Path: f.Path, Data: f.Data, New: true, Reason: "editor support"})
	}
	return out, nil
}

// isTooling reports whether p is one of the tooling files a bulk export
// writes outside businesses/.
func isTooling(p string) bool {
	tooling, err := source.Tooling()
	if err != nil {
		return false
	}
	return slices.ContainsFunc(tooling, func(f source.ScaffoldFile) bool { return f.Path == p })
}
