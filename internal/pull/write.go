package pull

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Apply carries out ops under root: each write to a temp file in the target
// folder then renamed over the target, each removal after all writes. It
// refuses any path that would leave root.
func Apply(root string, ops []Op) error {
	for _, o := range ops {
		if o.Kind == Skip {
			continue
		}
		if err := checkPath(o.Path); err != nil {
			return err
		}
	}
	for _, o := range ops {
		if o.Kind != Write {
			continue
		}
		target := filepath.Join(root, filepath.FromSlash(o.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(target, o.Data); err != nil {
			return fmt.Errorf("%s: %w", o.Path, err)
		}
	}
	for _, o := range ops {
		if o.Kind != Remove {
			continue
		}
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(o.Path))); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("%s: %w", o.Path, err)
		}
	}
	return nil
}

// checkPath accepts only relative slash paths under businesses/ (or the
// top-level octosync.yaml) without "..".
func checkPath(p string) error {
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
	if p == "" || filepath.IsAbs(p) || strings.HasPrefix(p, "/") || clean != p ||
		clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsRune(p, 0) {
		return fmt.Errorf("%q: refusing to write outside the repository", p)
	}
	if p != "octosync.yaml" && !strings.HasPrefix(p, "businesses/") {
		return fmt.Errorf("%q: refusing to write outside businesses/", p)
	}
	return nil
}

func writeAtomic(target string, data []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".octosync-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
