package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/cli"
)

const referenceDir = "../../../docs/reference"

const regenerate = "run go generate ./internal/cli"

// TestReferenceIsCurrent: docs/reference is what the grammar's help
// generates, and names every command and flag.
func TestReferenceIsCurrent(t *testing.T) {
	pages, err := Reference()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(referenceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(pages) {
		t.Errorf("docs/reference has %d files, the grammar makes %d: %s", len(entries), len(pages), regenerate)
	}
	for name, want := range pages {
		got, err := os.ReadFile(filepath.Join(referenceDir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs/reference/%s is stale: %s", name, regenerate)
		}
	}

	// Every command and every flag has its place.
	model, err := cli.Model()
	if err != nil {
		t.Fatal(err)
	}
	index := string(pages["README.md"])
	for _, n := range leaves(model.Node) {
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

// TestWriteReplacesTheReference: the generator leaves exactly the pages of
// the reference in its folder, a page of a removed command included.
func TestWriteReplacesTheReference(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reference")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gone.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	pages, _ := Reference()
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(pages) {
		t.Fatalf("wrote %d files, want the %d pages", len(entries), len(pages))
	}
	if _, err := os.Stat(filepath.Join(dir, "gone.md")); !os.IsNotExist(err) {
		t.Errorf("a stale page survived: %v", err)
	}
}
