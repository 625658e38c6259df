package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrOutsideRepository is returned by Repo-relative reads of a path that
// leaves the repository, by `..` or through a symbolic link.
var ErrOutsideRepository = errors.New("outside the repository")

// entry is one visible directory entry, symbolic links resolved.
type entry struct {
	name    string
	dir     bool
	link    bool   // a symbolic link to a regular file inside the repository
	problem string // set when the entry is a link octosync does not follow
}

// readDir lists the folder rel (slash-separated, relative to the root),
// sorted by name, without dotfiles. Symbolic links to regular files inside
// the repository look like the file, marked link (the walk refuses them as
// resource or provider files: see linkMessage); other links carry a
// problem.
func (l *loader) readDir(rel string) ([]entry, error) {
	des, err := os.ReadDir(filepath.Join(l.root, filepath.FromSlash(rel)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %w", rel, pe.Err)
		}
		return nil, err
	}
	out := make([]entry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		e := entry{name: name, dir: de.IsDir()}
		if de.Type()&fs.ModeSymlink != 0 {
			e = l.resolveLink(filepath.Join(l.root, filepath.FromSlash(rel), name), name)
		} else if !de.IsDir() && !de.Type().IsRegular() {
			e.problem = fmt.Sprintf("`%s` is not a regular file or folder: remove it", name)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// resolveLink decides about a symbolic link: only a link to a regular file
// inside the repository is read, as if it were that file.
func (l *loader) resolveLink(abs, name string) entry {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return entry{name: name, problem: fmt.Sprintf("`%s` is a broken symbolic link: remove it, or point it at a file inside the repository", name)}
	}
	if !within(l.realRoot, target) {
		return entry{name: name, problem: fmt.Sprintf("`%s` is a symbolic link to outside the repository, which octosync does not follow: replace it with a copy of the file", name)}
	}
	fi, err := os.Stat(target)
	if err != nil {
		return entry{name: name, problem: fmt.Sprintf("`%s` is a broken symbolic link: remove it, or point it at a file inside the repository", name)}
	}
	if fi.IsDir() {
		return entry{name: name, problem: fmt.Sprintf("`%s` is a symbolic link to a folder, which octosync does not follow: replace it with a real folder", name)}
	}
	return entry{name: name, link: true}
}

// linkMessage explains why a symbolic link is refused as a resource file or
// condition provider, although it points at a file inside the repository:
// git records the link, not the file's content, so the history that drift
// detection reads (package history) never holds this file's versions, and
// every commit of its target would look like drift. Assets may be links:
// nothing compares their history.
func linkMessage(name string) string {
	return fmt.Sprintf("`%s` is a symbolic link, which octosync does not read as a resource or condition provider file (git records the link, not the content, so drift detection could not find this file's history): replace it with a copy of the file", name)
}

// ReadFile reads a file of the repository by its slash-separated path
// relative to the root. It refuses paths that leave the repository, by `..`
// or through a symbolic link, with ErrOutsideRepository. It is the ReadFile
// that documents use to load condition providers.
func (l *loader) ReadFile(rel string) ([]byte, error) {
	if !fs.ValidPath(rel) {
		return nil, fmt.Errorf("%s: %w", rel, ErrOutsideRepository)
	}
	abs := filepath.Join(l.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, unwrapPathError(err))
	}
	if !within(l.realRoot, real) {
		return nil, fmt.Errorf("%s: %w", rel, ErrOutsideRepository)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, unwrapPathError(err))
	}
	return data, nil
}

// within reports whether p is root or inside it; both must be clean and
// absolute.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
