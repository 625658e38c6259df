package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/octosync/octosync/internal/gitrepo"
)

// ErrNoRepository is returned (wrapped) by Find when no folder at or above
// the start is a configuration repository.
var ErrNoRepository = errors.New("not inside an octosync repository")

// Find locates the configuration repository that encloses start, as git
// finds .git: the nearest folder at or above start that holds
// octosync.yaml; when there is none, the nearest one that holds a
// businesses/ folder and lies inside a git work tree (a repository whose
// octosync.yaml is not written yet). The result is absolute. Symbolic links
// are not resolved, so paths shown to the user keep the form they typed.
func Find(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("%s: %w", start, err)
	}
	var withBusinesses string
	for dir := abs; ; dir = filepath.Dir(dir) {
		if isFile(filepath.Join(dir, ConfigFile)) {
			return dir, nil
		}
		if withBusinesses == "" && isDir(filepath.Join(dir, BusinessesDir)) {
			withBusinesses = dir
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if withBusinesses != "" {
		if g, err := gitrepo.Open(withBusinesses); err == nil {
			_ = g.Close()
			return withBusinesses, nil
		}
	}
	return "", fmt.Errorf("%s: %w: no %s in this folder or any folder above it; run `octosync init` to create one, `octosync pull` to export an organization, or pass the repository's folder with --dir", start, ErrNoRepository, ConfigFile)
}

// Root is the repository a command works on: dir as given when the user
// passed --dir, else ("" ) the one Find locates from the working directory.
func Root(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	return Find(".")
}

// Open finds the repository (see Root) and loads it.
func Open(dir string) (*Repo, error) {
	root, err := Root(dir)
	if err != nil {
		return nil, err
	}
	return Load(root, LoadOptions{})
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
