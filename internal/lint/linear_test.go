package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/document"
)

// slowFamilies are the inputs Markdown parsers are known to be slow on, and
// goldmark is (quadratic in a paragraph's length): runs of unclosed link
// openers, of image openers, mismatched emphasis, nested brackets, unclosed
// code spans and autolinks, and the same with line breaks and with blank
// lines between.
var slowFamilies = map[string]string{
	"unclosed links":      "[x](",
	"unclosed images":     "![x](",
	"mismatched emphasis": "*a_",
	"nested brackets":     "[[[[",
	"unclosed angles":     "[a](<",
	"code spans":          "`a``",
	"lines of openers":    "[x](\n",
	"paragraphs":          "[x](\n\n",
	"long fence":          "```\n[x](y)\n",
}

// TestMarkdownWorkIsLinear: for every slow family, four times the body
// costs at most about four times the work, counted as the sum of the
// squares of the pieces goldmark is given (its worst case is quadratic in
// a piece), never by a clock; and no piece is over maxMarkdownChunk.
func TestMarkdownWorkIsLinear(t *testing.T) {
	repo := loadTree(t, map[string]string{"octosync.yaml": "version: 1\n"})
	d := &document.Document{Path: "businesses/demo/articles/a.md"}
	work := func(body string) int64 {
		c := newChecker(repo)
		c.checkMarkdown(d, body)
		return c.work.Load()
	}
	const n = 16 << 10
	for name, unit := range slowFamilies {
		small, large := strings.Repeat(unit, n/len(unit)), strings.Repeat(unit, 4*n/len(unit))
		ws, wl := work(small), work(large)
		if ws == 0 && name != "long fence" {
			t.Errorf("%s: no work counted", name)
			continue
		}
		if wl > 5*ws || wl > int64(4*n)*maxMarkdownChunk {
			t.Errorf("%s: work %d for %d bytes, %d for %d: grows faster than the body", name, ws, len(small), wl, len(large))
		}
	}
}

// TestMarkdownPiecesKeepLinksAndPositions: a long body cut into pieces
// still finds every link with its exact position, links inside fenced
// code are never taken for links, and a body of one long fenced block still
// has visible text.
func TestMarkdownPiecesKeepLinksAndPositions(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, "Paragraph %d with [a link](missing-%d.md).\n\n", i, i)
		if i%500 == 0 {
			b.WriteString("```\n" + strings.Repeat("[not a link](code.md)\n", 600) + "```\n\n")
		}
	}
	repo := loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\nlimits: {articleContentMax: 10000000}\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\n" + b.String(),
	})
	diags := Check(repo)
	if len(diags) != 2000 {
		t.Fatalf("%d diagnostics, want one per link (2000): %.300v", len(diags), diags)
	}
	for _, d := range diags {
		if strings.Contains(d.Message, "code.md") {
			t.Fatalf("a link inside fenced code was checked: %s", d)
		}
	}
	lines := strings.Split("---\ntitle: A\n---\n"+b.String(), "\n")
	for _, d := range diags {
		line := lines[d.Pos.Line-1]
		if !strings.HasPrefix(line[d.Pos.Col-1:], "[a link](") {
			t.Fatalf("%s: position %d:%d is not at the link: %q", d.Message, d.Pos.Line, d.Pos.Col, line)
		}
	}
	long := loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\nlimits: {articleContentMax: 10000000}\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\n```\n" + strings.Repeat("code\n", 5000) + "```\n",
	})
	if diags := Check(long); len(diags) != 0 {
		t.Errorf("one long fenced block: %v, want no finding", diags)
	}
}

// TestLongLinesAreCutBetweenLinks: a paragraph written as one long line is
// cut outside brackets, so no link whose text holds spaces is lost.
func TestLongLinesAreCutBetweenLinks(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "Some words then [a link with spaces %d](missing-%d.md) and more. ", i, i)
	}
	repo := loadTree(t, map[string]string{
		"octosync.yaml":                 "version: 1\nlimits: {articleContentMax: 10000000}\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\n" + strings.TrimSpace(b.String()) + "\n",
	})
	if b.Len() < 4*maxMarkdownChunk {
		t.Fatalf("the line (%d bytes) must span several pieces", b.Len())
	}
	if diags := Check(repo); len(diags) != 400 {
		t.Errorf("%d diagnostics, want one per link (400)", len(diags))
	}
}
