package yamlnode

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

// Decode parses text (prepared by Text) as exactly one YAML document and
// returns its root node: a mapping, sequence or scalar node, never the
// document node itself. root is nil when the text holds no document (empty,
// or only comments) or when its first document is not valid YAML; then the
// list says where and why. A second document (a `---` line after content) is
// reported, not silently dropped, and the first one is still returned.
func Decode(path, text string) (root *yaml.Node, diags diag.List) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := decode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		diags.Add(syntaxError(path, text, err))
		return nil, diags
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root = doc.Content[0]
	var extra yaml.Node
	switch err := decode(dec, &extra); {
	case err == nil:
		diags.Errorf(path, diag.Pos{Line: extra.Line, Col: 1},
			"a second YAML document starts here: a file holds one document; remove this `---` line and what follows it, or move it to a file of its own")
	case !errors.Is(err, io.EOF):
		diags.Add(syntaxError(path, text, err))
	}
	return root, diags
}

// decode runs the yaml.v3 decoder, turning a panic inside it (malformed
// input it does not expect) into an error: a bad file must never take the
// whole run down.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}

// yamlLine matches the position prefix of yaml.v3's syntax errors. yaml.v3
// has no typed syntax error, so its message is the only source of the line.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 parse error into a diagnostic with its line
// and a hint for the common causes. text is what was parsed, for the hint.
func syntaxError(path, text string, err error) diag.Diagnostic {
	msg := err.Error()
	var pos diag.Pos
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if isParserError(msg) {
			// yaml.v3 prints the parser's 0-based line (its scanner's
			// errors are 1-based).
			pos.Line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		// yaml.v3 leaves the line out of scanner and parser errors on the
		// first line (its 0-based line 0 reads as "unknown"); anchor errors
		// come from elsewhere and never carry a line.
		if !strings.Contains(msg, "anchor") {
			pos.Line = 1
		}
	}
	hint := syntaxHint(msg)
	if indentedWithTab(text, pos.Line) {
		hint = "indent with spaces, not tabs"
	}
	return diag.Errorf(path, pos, "invalid YAML: %s; %s", msg, hint)
}

// indentedWithTab reports whether the 1-based line of text starts with
// whitespace that holds a tab, a mistake yaml.v3 reports obscurely.
func indentedWithTab(text string, line int) bool {
	if line < 1 {
		return false
	}
	for i := 1; i < line; i++ {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return false
		}
		text = rest
	}
	l, _, _ := strings.Cut(text, "\n")
	indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
	return strings.Contains(indent, "\t")
}

// isParserError reports whether a yaml.v3 message comes from its parser
// rather than its scanner; the two count lines differently.
func isParserError(msg string) bool {
	for _, scanner := range []string{"alphabetic or numeric", "whitespace or line break", "comment or line break", "hexdecimal", "URI"} {
		if strings.Contains(msg, scanner) {
			return false
		}
	}
	return strings.HasPrefix(msg, "did not find expected") ||
		strings.HasPrefix(msg, "found undefined tag handle") ||
		strings.HasPrefix(msg, "found duplicate") ||
		strings.HasPrefix(msg, "found incompatible YAML document")
}

// syntaxHint says what usually causes a yaml.v3 syntax error.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "anchor"):
		return "aliases (`*name`) are not supported: write the value out in full"
	case strings.Contains(msg, "tab"):
		return "indent with spaces, not tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "quote a value that contains `: `, like `title: \"Returns: how to\"`"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-'"):
		return "check the indentation of this line and the ones above it"
	case strings.Contains(msg, "found character that cannot start any token"):
		return "quote a value that starts with `@`, `` ` `` or `%`"
	case strings.Contains(msg, "did not find expected alphabetic or numeric character"), strings.Contains(msg, "did not find expected node content"):
		return "quote a value that starts with `*`, `&`, `!`, `[` or `{`"
	case strings.Contains(msg, "could not find expected ':'"):
		return "each line of a mapping is `key: value`; quote text that spans lines or use a block scalar (`|`)"
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "found unknown escape character"):
		return "check the quotes: a quoted value must be closed, and inside double quotes only \\\\, \\\", \\n and the like are escapes"
	}
	return "check the syntax near this line"
}
