package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/source"
)

func loadTree(t *testing.T, files map[string]string) *source.Repo {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// TestMarkdownChecksAreBounded: an article over the content limit gets its
// length error and no Markdown findings (they cannot change the verdict);
// one within a raised limit but over the Markdown ceiling gets a warning
// that its links were not checked; below both, links are checked with
// exact positions, however many there are on a line.
func TestMarkdownChecksAreBounded(t *testing.T) {
	body := strings.Repeat("See [a](missing.md) and [b](missing.md).\n", 30000) // ~1.2 MB
	over := Check(loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\n" + body,
	}))
	if len(over) != 1 || !strings.Contains(over[0].Message, "article content is") {
		t.Errorf("over the limit: %d diagnostics, want only the length error: %.300v", len(over), over)
	}
	raised := Check(loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\nlimits: {articleContentMax: 10000000}\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\n" + body,
	}))
	if len(raised) != 1 || !strings.Contains(raised[0].Message, "its links and images were not checked") {
		t.Errorf("over the Markdown ceiling: %d diagnostics: %.300v", len(raised), raised)
	}
	small := Check(loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\nIntro.\n\nÄ [a](x.md) ü [b](y.md)\n[c](z.md)\n",
	}))
	var got []string
	for _, d := range small {
		got = append(got, fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col))
	}
	if want := "6:3 6:15 7:1"; strings.Join(got, " ") != want {
		t.Errorf("positions = %v, want %s", got, want)
	}
}
