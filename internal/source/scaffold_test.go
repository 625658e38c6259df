package source

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestScaffold(t *testing.T) {
	files, err := Scaffold("acme")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
		if len(f.Data) == 0 || !bytes.HasSuffix(f.Data, []byte("\n")) {
			t.Errorf("%s is empty or lacks a final newline", f.Path)
		}
	}
	if !slices.IsSorted(paths) {
		t.Errorf("paths not sorted: %v", paths)
	}
	for _, want := range []string{
		".gitignore",
		".octosync/schema/article.schema.json",
		".vscode/settings.json",
		"businesses/acme/articles/return-policy.md",
		"businesses/acme/bot-rules/keep-replies-short.yaml",
		"businesses/acme/workflows/damaged-product.py",
		"businesses/acme/workflows/damaged-product.yaml",
		"octosync.yaml",
	} {
		if !slices.Contains(paths, want) {
			t.Errorf("Scaffold lacks %s: %v", want, paths)
		}
	}
	if _, err := Scaffold("Acme EU"); err == nil || !strings.Contains(err.Error(), "like `acme-eu`") {
		t.Errorf("Scaffold(Acme EU) = %v, want a slug error with a suggestion", err)
	}
}
