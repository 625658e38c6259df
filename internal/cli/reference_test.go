package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const referenceDir = "../../docs/reference"

// TestReference: docs/reference is what the grammar's help generates (run
// with -update to regenerate), and names every command and flag.
func TestReference(t *testing.T) {
	pages, err := Reference()
	if err != nil {
		t.Fatal(err)
	}
	if *updateScripts {
		must(t, os.RemoveAll(referenceDir))
		must(t, os.MkdirAll(referenceDir, 0o755))
		for name, data := range pages {
			must(t, os.WriteFile(filepath.Join(referenceDir, name), data, 0o644))
		}
	}
	entries, err := os.ReadDir(referenceDir)
	must(t, err)
	if len(entries) != len(pages) {
		t.Errorf("docs/reference has %d files, the grammar makes %d: run go test ./internal/cli -run TestReference -update", len(entries), len(pages))
	}
	for name, want := range pages {
		got, err := os.ReadFile(filepath.Join(referenceDir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs/reference/%s is stale: run go test ./internal/cli -run TestReference -update", name)
		}
	}

	// Every command and every flag has its place.
	p, err := newParser(&Env{}, &grammar{}, func(int) {})
	must(t, err)
	index := string(pages["README.md"])
	for _, n := range leaves(p.Model.Node) {
		name := strings.ReplaceAll(n.FullPath(), " ", "-") + ".md"
		body := string(pages[name])
		if !strings.Contains(index, "("+name+")") {
			t.Errorf("the index does not link %s", name)
		}
		for _, group := range n.AllFlags(true) {
			for _, f := range group {
				if !f.Hidden && !strings.Contains(body+index, "--"+f.Name) {
					t.Errorf("%s: flag --%s is not in the reference", n.FullPath(), f.Name)
				}
			}
		}
	}
}
