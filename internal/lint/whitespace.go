package lint

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
)

// checkTrailingWhitespace points out trailing whitespace in an article's
// body that looks accidental: a tab or a lone space at the end of a line,
// or spaces ending a line that no text follows (a hard line break there
// breaks nothing). Two or more spaces before a following line are a
// Markdown hard line break and are content; so is anything inside a fenced
// code block. octosync sends the body exactly as the file holds it either
// way (docs/design.md §5): this is a warning, never a change.
func checkTrailingWhitespace(d *document.Document, body string) diag.List {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	first, count := -1, 0
	fence := ""
	for i, line := range lines {
		if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			marker := t[:3]
			switch {
			case fence == "":
				fence = marker
			case fence == marker:
				fence = ""
			}
			continue
		}
		if fence != "" || !accidentalTrailing(line, i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "") {
			continue
		}
		if first < 0 {
			first = i
		}
		count++
	}
	var l diag.List
	if first < 0 {
		return l
	}
	at := d.Pos("body")
	at.Line += first
	at.Col = len([]rune(strings.TrimRight(lines[first], " \t"))) + 1
	more := ""
	if count > 1 {
		more = fmt.Sprintf(" (and %d more lines)", count-1)
	}
	l.Warningf(d.Path, at, "trailing whitespace that Markdown ignores%s: octosync sends it as it is; remove it if it is accidental (two spaces before a line that continues the paragraph are a hard line break and are fine)", more)
	return l
}

// accidentalTrailing reports whether line ends in whitespace that is not a
// Markdown hard line break; continued says a non-blank line follows.
func accidentalTrailing(line string, continued bool) bool {
	trimmed := strings.TrimRight(line, " \t")
	if trimmed == line || strings.TrimSpace(line) == "" {
		return false // none, or a blank line (whitespace there shows nowhere)
	}
	tail := line[len(trimmed):]
	hardBreak := len(tail) >= 2 && !strings.Contains(tail, "\t") && continued
	return !hardBreak
}
