package lint

import (
	"bytes"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
)

// schemeRE matches a URL with a scheme (https:, mailto:, tel:, data: ...):
// such links point outside the repository and are not checked.
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// maxMarkdownCheck is the largest article body, in bytes, whose Markdown is
// checked. goldmark's tree takes tens of times the text's size, so a body
// beyond it (which a raised articleContentMax in octosync.yaml may allow;
// the server's own limit is far below) is left unparsed, with a warning.
const maxMarkdownCheck = 1 << 20

// checkMarkdownBounded runs checkMarkdown unless its findings cannot matter
// or would cost too much. An article over the content limit fails already:
// links and visible text could only add warnings to a settled verdict,
// while parsing, say, 40 MB of Markdown takes seconds and gigabytes. So
// validate stays within a few times a file's size in memory, whatever the
// file.
func (c *checker) checkMarkdownBounded(d *document.Document, content string, tooLong bool) diag.List {
	var l diag.List
	switch {
	case tooLong:
		return l
	case len(content) > maxMarkdownCheck:
		l.Warningf(d.Path, pos(d, "content", "title"), "article content is %d bytes, more than the %d octosync checks as Markdown: its links and images were not checked", len(content), maxMarkdownCheck)
		return l
	}
	return c.checkMarkdown(d, content)
}

// checkMarkdown parses an article body with goldmark, in pieces of at most
// maxMarkdownChunk bytes (markdownChunks), and checks that it has
// visible text and that its relative links and images point at files that
// exist. An article without visible text is only a warning: the server
// accepts one, so `octosync pull` can write such a file, and validate must
// not then refuse to plan it.
func (c *checker) checkMarkdown(d *document.Document, content string) diag.List {
	var l diag.List
	if strings.TrimSpace(strings.TrimPrefix(content, "\ufeff")) == "" {
		l.Warningf(d.Path, pos(d, "content", "title"), "article has no content, so the bot learns nothing from it: write the article below the front matter's closing `---`")
		return l
	}
	src := []byte(content)
	at := &bodyLines{d: d, src: src}
	visible := false
	for _, ch := range markdownChunks(src, maxMarkdownChunk) {
		piece := src[ch.start:ch.end]
		if ch.code {
			visible = visible || hasVisibleText(string(fencedContent(piece)))
			continue
		}
		v, found := c.checkPiece(d, at, piece, ch.start)
		visible = visible || v
		l.Add(found...)
	}
	if !visible {
		l.Warningf(d.Path, pos(d, "content", "title"), "article has no visible text, only whitespace, comments or markup: write the article below the front matter's closing `---`")
	}
	return l
}

// checkPiece parses one piece of a body, which starts at byte base of it,
// and checks its links and images; visible says whether it has visible
// text.
func (c *checker) checkPiece(d *document.Document, at *bodyLines, piece []byte, base int) (visible bool, l diag.List) {
	c.work.Add(int64(len(piece)) * int64(len(piece)))
	root := c.md.Parse(text.NewReader(piece))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			visible = visible || hasVisibleText(string(n.Segment.Value(piece)))
		case *ast.String:
			visible = visible || hasVisibleText(string(n.Value))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			visible = visible || hasVisibleText(string(n.Lines().Value(piece)))
		case *ast.HTMLBlock:
			// Any HTML block but a comment may render something.
			visible = visible || n.HTMLBlockType != ast.HTMLBlockType2
		case *ast.Image:
			visible = true
			l.Add(c.checkLink(d, at, base+nodeOffset(n, piece), string(n.Destination), "image")...)
		case *ast.Link:
			l.Add(c.checkLink(d, at, base+nodeOffset(n, piece), string(n.Destination), "link")...)
		}
		return ast.WalkContinue, nil
	})
	return visible, l
}

// fencedContent is a fenced code block without its fence lines.
func fencedContent(b []byte) []byte {
	b = b[len(firstLine(b)):]
	trimmed := bytes.TrimRight(b, "\n")
	if i := bytes.LastIndexByte(trimmed, '\n'); fenceMarker(trimmed[i+1:]) != nil {
		return trimmed[:i+1]
	}
	return b
}

// checkLink checks one link or image destination. Destinations with a
// scheme, protocol-relative and root-relative ones (pages of the site the
// bot serves) and pure #anchors are not files of the repository and are
// left alone; the rest resolve against the article's folder.
func (c *checker) checkLink(d *document.Document, at *bodyLines, off int, dest, what string) diag.List {
	var l diag.List
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") || schemeRE.MatchString(dest) {
		return l
	}
	p := dest
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if p == "" {
		return l
	}
	target := path.Join(path.Dir(d.Path), p)
	if target == ".." || strings.HasPrefix(target, "../") {
		l.Warningf(d.Path, at.pos(off), "%s `%s` points outside the repository: use its full https:// URL instead", what, dest)
		return l
	}
	if !c.exists(target) {
		l.Warningf(d.Path, at.pos(off), "%s `%s` points at a missing file (%s): fix the path, which is relative to the article's folder, or use a full https:// URL", what, dest, target)
	}
	return l
}

// exists reports whether the repository path target (a file or a folder)
// exists. Files the load saw need no system call; other answers are cached,
// since many articles link to the same few pages.
func (c *checker) exists(target string) bool {
	if c.files[target] {
		return true
	}
	if v, ok := c.stats.Load(target); ok {
		return v.(bool)
	}
	_, err := os.Stat(filepath.Join(c.repo.Root, filepath.FromSlash(target)))
	c.stats.Store(target, err == nil)
	return err == nil
}

// nodeOffset is the byte offset in src where an inline node starts: its own
// position when goldmark recorded one, else the `[` (or `![`) before its
// first text, else the start of its block.
func nodeOffset(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 && p < len(src) {
		return p
	}
	var first *ast.Text
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			first = t
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if first != nil {
		off := first.Segment.Start
		for off > 0 && src[off-1] != '[' && src[off-1] != '\n' {
			off--
		}
		if off > 0 && src[off-1] == '[' {
			off--
			if _, ok := n.(*ast.Image); ok && off > 0 && src[off-1] == '!' {
				off--
			}
		}
		return off
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return 0
}

// bodyLines turns byte offsets in an article body into file positions, the
// body starting at the document's "content" position. Line starts are
// indexed once per body, and offsets that come in order (as a tree walk
// yields them) continue from the previous one, so positions for all of a
// body's links cost time in proportion to the body, not to the body times
// the links.
type bodyLines struct {
	d      *document.Document
	src    []byte
	starts []int // offsets where lines start; built on first use

	lastOff, lastCol int // the previous answer's offset and column
}

func (b *bodyLines) pos(off int) diag.Pos {
	base := b.d.Pos("content")
	if base.Line <= 0 {
		return base
	}
	if b.starts == nil {
		b.starts = []int{0}
		for i, c := range b.src {
			if c == '\n' {
				b.starts = append(b.starts, i+1)
			}
		}
	}
	off = min(max(off, 0), len(b.src))
	line := sort.SearchInts(b.starts, off+1) - 1 // the last start <= off
	start := b.starts[line]
	var col int
	if b.lastOff >= start && b.lastOff <= off && b.lastCol > 0 {
		col = b.lastCol + utf8.RuneCount(b.src[b.lastOff:off])
	} else {
		col = utf8.RuneCount(b.src[start:off]) + 1
	}
	b.lastOff, b.lastCol = off, col
	if line == 0 && base.Col > 1 {
		col += base.Col - 1
	}
	return diag.Pos{Line: base.Line + line, Col: col}
}

// hasVisibleText reports whether s, with HTML entities decoded, holds a
// character that is neither white space nor an invisible format character
// (zero-width space, joiners, BOM).
func hasVisibleText(s string) bool {
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r)
	}) >= 0
}
