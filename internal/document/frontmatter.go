package document

import (
	"strings"

	"github.com/octosync/octosync/internal/diag"
)

// articleShape is the expected shape of an article, quoted by diagnostics.
const articleShape = "`---`, then keys such as `title: Return policy`, then a closing `---` line, then the Markdown body"

// frontMatter is an article split into its parts.
type frontMatter struct {
	// yaml is the text from the opening `---` line up to (not including)
	// the closing one. It starts with `---`, a YAML document marker, so the
	// positions yaml.v3 reports are positions in the file.
	yaml string
	// body is everything after the closing line, kept exactly.
	body string
	// bodyLine is the 1-based line the body starts on.
	bodyLine int
}

// splitFrontMatter splits an article (LF line endings, BOM dropped). The
// file must start with a `---` line; the front matter ends at the next line
// that is `---` or `...` (YAML's document end, as in Pandoc). Delimiter lines
// may carry trailing spaces or tabs. A `---` line in the body is body text.
func splitFrontMatter(path, text string) (frontMatter, *diag.Diagnostic) {
	first, rest, _ := strings.Cut(text, "\n")
	if !isDelimiter(first, false) {
		d := diag.Errorf(path, diag.Pos{Line: 1, Col: 1},
			"missing front matter: an article file starts with %s", articleShape)
		return frontMatter{}, &d
	}
	offset := len(first) + 1
	line := 2
	for rest != "" {
		l, next, found := strings.Cut(rest, "\n")
		if isDelimiter(l, true) {
			fm := frontMatter{yaml: text[:offset], bodyLine: line + 1}
			if found {
				fm.body = next
			}
			return fm, nil
		}
		offset += len(l) + 1
		line++
		rest = next
	}
	d := diag.Errorf(path, diag.Pos{Line: 1, Col: 1},
		"unterminated front matter: add a line `---` after the last key, before the Markdown body")
	return frontMatter{}, &d
}

// isDelimiter reports whether a line is `---` (or, closing, `...`),
// ignoring trailing spaces and tabs.
func isDelimiter(line string, closing bool) bool {
	l := strings.TrimRight(line, " \t")
	return l == "---" || (closing && l == "...")
}
