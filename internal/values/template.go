package values

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/yamlnode"
)

// open starts a placeholder; escaped is its literal form.
const (
	open    = "${{"
	escaped = "$${{"
	closing = "}}"
	prefix  = "values."
)

// Template is a text field split into literal runs and placeholders.
// Concatenating the parts' Raw text gives back the parsed text exactly.
type Template struct {
	parts []part
}

// part is one run of a template: a literal (Text is what it stands for,
// Raw how the file writes it, `$${{` escapes included) or a placeholder
// (Name set; Raw is the placeholder as written, spaces included).
type part struct {
	Name   string
	Text   string
	Raw    string
	Offset int // byte offset of Raw in the parsed text
}

// Placeholder is one `${{ values.NAME }}` of a template.
type Placeholder struct {
	Name   string
	Offset int // byte offset in the template's text
}

// SyntaxError is text that starts like a placeholder but is not one.
type SyntaxError struct {
	Offset int
	Text   string // what was found, cut short
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%q is not a placeholder: write ${{ values.NAME }}, or $${{ for a literal ${{", e.Text)
}

// Parse splits text into a template. Every malformed `${{` is a syntax
// error; the template then treats it as literal text.
func Parse(text string) (Template, []*SyntaxError) {
	var t Template
	var errs []*SyntaxError
	var lit, raw strings.Builder
	litStart := 0
	flush := func(end int) {
		if raw.Len() > 0 {
			t.parts = append(t.parts, part{Text: lit.String(), Raw: raw.String(), Offset: litStart})
		}
		lit.Reset()
		raw.Reset()
		litStart = end
	}
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], escaped):
			lit.WriteString(open)
			raw.WriteString(escaped)
			i += len(escaped)
		case strings.HasPrefix(text[i:], open):
			name, n, ok := placeholderAt(text[i:])
			if !ok {
				errs = append(errs, &SyntaxError{Offset: i, Text: cut(text[i:])})
				lit.WriteString(open)
				raw.WriteString(open)
				i += len(open)
				continue
			}
			flush(i)
			t.parts = append(t.parts, part{Name: name, Raw: text[i : i+n], Offset: i})
			i += n
			litStart = i
		default:
			lit.WriteByte(text[i])
			raw.WriteByte(text[i])
			i++
		}
	}
	flush(len(text))
	return t, errs
}

// placeholderAt reads `${{ values.NAME }}` at the start of s and returns
// NAME and the placeholder's length.
func placeholderAt(s string) (string, int, bool) {
	i := len(open)
	i += spaces(s[i:])
	if !strings.HasPrefix(s[i:], prefix) {
		return "", 0, false
	}
	i += len(prefix)
	start := i
	for i < len(s) && nameByte(s[i], i == start) {
		i++
	}
	name := s[start:i]
	if name == "" {
		return "", 0, false
	}
	i += spaces(s[i:])
	if !strings.HasPrefix(s[i:], closing) {
		return "", 0, false
	}
	return name, i + len(closing), true
}

func spaces(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

func nameByte(c byte, first bool) bool {
	switch {
	case c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
		return true
	case c == '-' || (c >= '0' && c <= '9'):
		return !first
	}
	return false
}

// cut is the start of s for a message: up to the first `}}` or newline,
// at most 40 bytes.
func cut(s string) string {
	end := min(len(s), 40)
	if i := strings.Index(s[:end], closing); i >= 0 {
		end = i + len(closing)
	}
	if i := strings.IndexByte(s[:end], '\n'); i >= 0 {
		end = i
	}
	return s[:end]
}

// Placeholders lists the template's placeholders in order.
func (t Template) Placeholders() []Placeholder {
	var out []Placeholder
	for _, p := range t.parts {
		if p.Name != "" {
			out = append(out, Placeholder{Name: p.Name, Offset: p.Offset})
		}
	}
	return out
}

// MissingError is a placeholder without a value.
type MissingError struct {
	Placeholder
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("${{ values.%s }} has no value", e.Name)
}

// Render is the text with every placeholder replaced by its value, and
// every `$${{` by `${{`. The first placeholder without a value is a
// *MissingError.
func (t Template) Render(vals map[string]string) (string, error) {
	rendered, _, err := t.layout(vals)
	return rendered, err
}

// Escape is literal text as a template writes it: every `${{` doubled to
// `$${{`, so that Parse(Escape(s)) renders s whatever it holds.
func Escape(s string) string {
	return strings.ReplaceAll(s, open, escaped)
}

// RenderText is text with every placeholder replaced by its value (Parse,
// then Render): the first malformed `${{` is a *SyntaxError, else the
// first placeholder without a value a *MissingError.
func RenderText(text string, vals map[string]string) (string, error) {
	t, errs := Parse(text)
	if len(errs) > 0 {
		return "", errs[0]
	}
	return t.Render(vals)
}

// Located is a text that placeholders may stand in, as its file writes it,
// and where its value starts in the file (after an opening quote): for the
// texts of files that are not resources, such as conversation tests.
type Located struct {
	Text string
	At   diag.Pos
}

// Pos is where byte offset of the text lies in its file.
func (x Located) Pos(offset int) diag.Pos { return yamlnode.TextPos(x.At, x.Text, offset) }
