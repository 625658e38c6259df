package lint

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// FuzzMarkdown feeds arbitrary article bodies to the Markdown checks: they
// must not panic, and every position they report must lie inside the file.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"",
		"Text with [a link](x.md) and ![img](y.png).",
		"<!-- c -->\n&nbsp;\n",
		"[ref]: a%20b.md\n\n[x][ref] [](z) [**b**](../../../../q)\n",
		"```\n[no](link.md)\n```\n`[no](link.md)`\n",
		"Ünïcödé [ä](ö.md)\r\n\r\n- [x](#a)\n",
		"[a\n(b)](c)\n![\n](d \"t\")",
	} {
		f.Add(s)
	}
	c := newChecker(&source.Repo{Layout: source.Layout{Root: "/nonexistent"}})
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			return
		}
		data := "---\ntitle: T\n---\n" + body
		d, _ := document.Parse(resource.KindArticle, "businesses/a/articles/x.md", []byte(data), document.ParseOptions{})
		if d == nil {
			return
		}
		a, ok := d.Spec.(resource.Article)
		if !ok {
			t.Fatalf("spec %T", d.Spec)
		}
		lines := strings.Count(data, "\n") + 1
		for _, dg := range c.checkMarkdown(d, a.Content) {
			if dg.Pos.Line < 1 || dg.Pos.Line > lines || dg.Pos.Col < 1 {
				t.Errorf("position %d:%d outside the file of %d lines: %s", dg.Pos.Line, dg.Pos.Col, lines, dg)
			}
		}
	})
}
