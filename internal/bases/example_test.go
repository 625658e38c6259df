package bases

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
)

// TestExampleRepoCommitted commits the example repository as the
// subfolder of a bigger repository and checks that every resource file it
// holds today is a base, as the planner will ask.
func TestExampleRepoCommitted(t *testing.T) {
	src := filepath.Join("..", "..", "example-repo")
	if _, err := os.Stat(src); err != nil {
		t.Skip("example-repo not present")
	}
	f := newRepoFixture(t, "example-repo")
	var paths []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(f.dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		paths = append(paths, filepath.ToSlash(rel))
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.repo.Commit(gitrepo.CommitOptions{Paths: paths, Message: "Import the example", Author: testAuthor, When: t0}); err != nil {
		t.Fatal(err)
	}
	b, err := Load(t.Context(), f.dir, Options{DefaultLanguage: "en"})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, rel := range paths {
		parts := strings.Split(rel, "/")
		if len(parts) != 4 || parts[0] != "businesses" || !kindOf(parts[2]).Valid() || !isResourceFile(kindOf(parts[2]), parts[3]) {
			continue // tests and macros are not resources
		}
		kind := kindOf(parts[2])
		data, _ := os.ReadFile(filepath.Join(f.dir, rel))
		doc, diags := document.Parse(kind, rel, data, document.ParseOptions{DefaultLanguage: "en", ReadFile: func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(p)))
		}})
		if doc == nil || diags.HasErrors() {
			t.Errorf("%s does not parse: %v", rel, diags)
			continue
		}
		checked++
		if !b.Committed(parts[1], doc.Spec) {
			t.Errorf("%s: not a base after committing it", rel)
		}
	}
	if checked == 0 || b.Len() != checked {
		t.Errorf("checked %d files, Len() = %d: want every resource file of the example, each once", checked, b.Len())
	}
}

func kindOf(dir string) resource.Kind {
	k, _ := resource.KindFromDir(dir)
	return k
}
